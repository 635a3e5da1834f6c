#include "records/attachment.hpp"

#include "switchboard/sdk/host.hpp"

namespace switchboard::plugins::storage_postgres::records {

using sdk::to_sb;
using sdk::to_view;

Attachment Attachment::from(const sb_attachment& c) {
    return Attachment{std::string(to_view(c.attachment_id)), std::string(to_view(c.uploader_id)),
                      std::string(to_view(c.content_type)),  std::string(to_view(c.filename)),
                      c.size,                                std::string(to_view(c.sha256)),
                      c.width,                               c.height,
                      c.has_thumbnail != 0,                  c.created_at};
}

sb_attachment Attachment::to_c() const {
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

}  // namespace switchboard::plugins::storage_postgres::records
