#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "reply.hpp"
#include "switchboard/host.h"

namespace switchboard::plugins::transport_http {

// What attachment_open answered, copied out of the host's callback, and the
// reply that serves it: Range (206/416), If-None-Match (304), ETag from the
// content's SHA-256, Content-Disposition with the uploader's file name, and
// headers that keep a browser from running what it downloads.
struct AttachmentFile {
    std::string attachment_id;
    std::string path;
    uint64_t size = 0;
    std::string content_type;
    std::string filename;
    std::string sha256;
    bool thumbnail = false;

    static AttachmentFile from(const sb_attachment_file& file, bool thumbnail);
    Reply reply(std::optional<std::string_view> range, std::optional<std::string_view> if_range,
                std::optional<std::string_view> if_none_match) const;
};

}  // namespace switchboard::plugins::transport_http
