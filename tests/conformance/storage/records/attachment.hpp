#pragma once

#include <cstdint>
#include <string>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/storage.h"

namespace switchboard::conformance::storage::records {

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

    static Attachment from(const sb_attachment& borrowed) {
        sb_attachment c = sdk::read_record(borrowed);
        return Attachment{std::string(sdk::to_view(c.attachment_id)), std::string(sdk::to_view(c.uploader_id)),
                          std::string(sdk::to_view(c.content_type)),  std::string(sdk::to_view(c.filename)),
                          c.size,                                     std::string(sdk::to_view(c.sha256)),
                          c.width,                                    c.height,
                          c.has_thumbnail != 0,                       c.created_at};
    }
    sb_attachment to_c() const {
        return sb_attachment{sizeof(sb_attachment), sdk::to_sb(attachment_id), sdk::to_sb(uploader_id),
                             sdk::to_sb(content_type), sdk::to_sb(filename), size, sdk::to_sb(sha256), width, height,
                             has_thumbnail ? 1 : 0, created_at};
    }
    bool operator==(const Attachment&) const = default;
};

}  // namespace switchboard::conformance::storage::records
