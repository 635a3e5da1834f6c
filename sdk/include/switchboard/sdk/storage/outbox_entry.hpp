// Switchboard C++ plugin SDK (header-only) storage kit: a push outbox entry, owned (storage ABI 1.3).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/storage.h"

namespace switchboard::sdk::storage {

struct OutboxEntry {
    std::string entry_id;
    std::string user_id;
    std::string device_id;
    uint32_t category = 0;
    std::string conversation_id;
    uint64_t seq = 0;
    std::string call_id;
    std::string payload_json;
    int64_t due_at = 0;
    uint32_t attempts = 0;
    int64_t created_at = 0;

    // Copies `borrowed`, read version-tolerantly.
    static OutboxEntry from(const sb_outbox_entry& borrowed) {
        sb_outbox_entry c = read_record(borrowed);
        return OutboxEntry{std::string(to_view(c.entry_id)),        std::string(to_view(c.user_id)),
                           std::string(to_view(c.device_id)),       c.category,
                           std::string(to_view(c.conversation_id)), c.seq,
                           std::string(to_view(c.call_id)),         std::string(to_view(c.payload_json)),
                           c.due_at,                                c.attempts,
                           c.created_at};
    }
    // A view borrowing this object's strings.
    sb_outbox_entry to_c() const {
        sb_outbox_entry c{};
        c.struct_size = sizeof(c);
        c.entry_id = to_sb(entry_id);
        c.user_id = to_sb(user_id);
        c.device_id = to_sb(device_id);
        c.category = category;
        c.conversation_id = to_sb(conversation_id);
        c.seq = seq;
        c.call_id = to_sb(call_id);
        c.payload_json = to_sb(payload_json);
        c.due_at = due_at;
        c.attempts = attempts;
        c.created_at = created_at;
        return c;
    }
    bool operator==(const OutboxEntry&) const = default;
};

// The entries of an ABI array (NULL with a count of 0 is an empty list).
inline std::vector<OutboxEntry> outbox_entries_from(const sb_outbox_entry* items, size_t count) {
    std::vector<OutboxEntry> out;
    if (items == nullptr) return out;
    out.reserve(count);
    for (size_t i = 0; i < count; ++i) out.push_back(OutboxEntry::from(read_element(items, i)));
    return out;
}

}  // namespace switchboard::sdk::storage
