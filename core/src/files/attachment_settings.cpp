#include "switchboard/files/attachment_settings.hpp"

#include <stdexcept>

#include "switchboard/config/config_error.hpp"
#include "switchboard/config/section.hpp"

namespace switchboard::files {

AttachmentSettings AttachmentSettings::from(const config::Section& attachments, const std::filesystem::path& data_dir) {
    AttachmentSettings s;
    s.directory = std::filesystem::absolute(data_dir / "attachments");
    s.max_size = static_cast<uint64_t>(attachments.integer("max_size").value_or(static_cast<int64_t>(s.max_size)));
    std::vector<std::string> types = attachments.list("allowed_types");
    if (types.empty())
        types = {"image/*", "video/*", "audio/*", "application/pdf", "text/plain", "application/octet-stream"};
    try {
        s.allowed_types = TypeAllowList(types);
    } catch (const std::invalid_argument& e) {
        throw config::ConfigError(attachments.problem("allowed_types", e.what()));
    }
    s.thumbnail_size = static_cast<uint32_t>(attachments.integer("thumbnail_size").value_or(s.thumbnail_size));
    s.max_image_pixels =
        static_cast<uint64_t>(attachments.integer("max_image_pixels").value_or(static_cast<int64_t>(s.max_image_pixels)));
    return s;
}

}  // namespace switchboard::files
