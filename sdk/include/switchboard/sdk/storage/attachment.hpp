// Switchboard C++ plugin SDK (header-only) storage kit: an attachment's metadata, owned.
#pragma once

#include <cstdint>
#include <string>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/storage.h"

namespace switchboard::sdk::storage {

struct Attachment {
    std::string attachment_id;
    std::string uploader_id;
    std::string content_type;
    std::string filename;
    uint64_t size = 0;
    std::string sha256;
    uint32_t width = 0;
    uint32_t height = 0;
    bool has_thumbnail = false;
    int64_t created_at = 0;

    // Copies `borrowed`, read version-tolerantly.
    static Attachment from(const sb_attachment& borrowed) {
        sb_attachment c = read_record(borrowed);
        return Attachment{std::string(to_view(c.attachment_id)), std::string(to_view(c.uploader_id)),
                          std::string(to_view(c.content_type)),  std::string(to_view(c.filename)),
                          c.size,                                std::string(to_view(c.sha256)),
                          c.width,                               c.height,
                          c.has_thumbnail != 0,                  c.created_at};
    }
    // A view borrowing this object's strings.
    sb_attachment to_c() const {
        sb_attachment c{};
        c.struct_size = sizeof(c);
        c.attachment_id = to_sb(attachment_id);
        c.uploader_id = to_sb(uploader_id);
        c.content_type = to_sb(content_type);
        c.filename = to_sb(filename);
        c.size = size;
        c.sha256 = to_sb(sha256);
        c.width = width;
        c.height = height;
        c.has_thumbnail = has_thumbnail ? 1 : 0;
        c.created_at = created_at;
        return c;
    }
    bool operator==(const Attachment&) const = default;
};

}  // namespace switchboard::sdk::storage
