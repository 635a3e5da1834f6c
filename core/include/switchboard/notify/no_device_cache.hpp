#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>

namespace switchboard::notify {

// Users the outbox worker found without any push device, remembered for
// kTtlMs so that messages to them queue nothing: without it every message
// queued, claimed, expanded (settings, conversation list, message) and
// deleted an outbox entry per recipient only to find no device. A device
// registered on this server forgets the user at once; one registered through
// another server sharing the database counts after kTtlMs at the latest.
// Bounded: past kMaxUsers it starts over. Kernel-thread only.
class NoDeviceCache {
public:
    static constexpr int64_t kTtlMs = 30'000;
    static constexpr size_t kMaxUsers = 100'000;

    void remember(const std::string& user_id, int64_t now_ms) {
        if (until_.size() >= kMaxUsers && !until_.contains(user_id)) until_.clear();
        until_[user_id] = now_ms + kTtlMs;
    }

    bool has_none(const std::string& user_id, int64_t now_ms) {
        auto it = until_.find(user_id);
        if (it == until_.end()) return false;
        if (it->second > now_ms) return true;
        until_.erase(it);
        return false;
    }

    void forget(const std::string& user_id) { until_.erase(user_id); }
    size_t size() const noexcept { return until_.size(); }

private:
    std::unordered_map<std::string, int64_t> until_;  // user → remembered until (ms)
};

}  // namespace switchboard::notify
