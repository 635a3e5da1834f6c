#pragma once

#include <cstddef>
#include <cstdint>

namespace switchboard::config {
class Section;
}

namespace switchboard::chat {

// The `chat:` section of switchboard.yaml, read once at start.
struct ChatSettings {
    size_t max_body_bytes = 64 * 1024;
    size_t max_extra_bytes = 16 * 1024;
    uint32_t history_max_limit = 200;
    int64_t edit_window_ms = 48LL * 3600 * 1000;  // 0 = no limit
    int64_t typing_ttl_ms = 6000;
    size_t max_group_members = 1000;
    int64_t presence_grace_ms = 5000;
    size_t max_attachments_per_message = 10;  // from the attachments section

    static ChatSettings from(const config::Section& chat, const config::Section& attachments);
};

}  // namespace switchboard::chat
