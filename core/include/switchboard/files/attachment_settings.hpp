#pragma once

#include <cstdint>
#include <filesystem>

#include "switchboard/files/type_allow_list.hpp"

namespace switchboard::config {
class Section;
}

namespace switchboard::files {

// The `attachments:` section of switchboard.yaml, and where files go.
struct AttachmentSettings {
    std::filesystem::path directory;  // <server.data_dir>/attachments
    uint64_t max_size = 25ULL << 20;
    TypeAllowList allowed_types{{}};
    uint32_t thumbnail_size = 320;
    uint64_t max_image_pixels = 50'000'000;

    // Throws config::ConfigError for an allowed_types entry that is not a media type.
    static AttachmentSettings from(const config::Section& attachments, const std::filesystem::path& data_dir);
};

}  // namespace switchboard::files
