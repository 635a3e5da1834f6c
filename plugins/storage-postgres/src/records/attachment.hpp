#pragma once

#include <cstdint>
#include <string>

#include "switchboard/storage.h"

namespace switchboard::plugins::storage_postgres::records {

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

    static Attachment from(const sb_attachment& c);
    sb_attachment to_c() const;
};

}  // namespace switchboard::plugins::storage_postgres::records
