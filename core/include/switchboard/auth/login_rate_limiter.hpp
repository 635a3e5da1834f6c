#pragma once

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <sodium.h>

#include "switchboard/auth/rate_limit_decision.hpp"

namespace switchboard::auth {

// Limits failed logins per key (a username, a remote address, or both joined: the
// caller chooses, typically one limiter per kind). Sliding window log: a key is
// refused while it has max_failures failures within the last `window`, and allowed
// again as soon as its oldest one leaves the window. Exact, and cheap because only
// the last max_failures timestamps of a key are kept.
//
// Memory is bounded: a key is forgotten once its newest failure leaves the window,
// and at max_keys the key with the oldest newest failure is dropped. Keys are hashed
// with a per-instance SipHash key so crafted names cannot collide the table.
// Thread-safe; time is passed in, so tests drive it.
class LoginRateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    // Throws std::invalid_argument if any argument is zero.
    LoginRateLimiter(std::size_t max_failures, std::chrono::seconds window, std::size_t max_keys = 100'000);

    RateLimitDecision check(std::string_view key, Clock::time_point now);
    void record_failure(std::string_view key, Clock::time_point now);
    // After a successful login: forget the key's failures.
    void reset(std::string_view key);

    std::size_t tracked_keys() const;

private:
    struct KeyHash {
        using is_transparent = void;
        unsigned char secret[crypto_shorthash_KEYBYTES];
        std::size_t operator()(std::string_view key) const noexcept;
    };
    struct KeyEqual {
        using is_transparent = void;
        bool operator()(std::string_view a, std::string_view b) const noexcept { return a == b; }
    };
    struct Entry {
        // Ascending; at most max_failures_.
        std::vector<Clock::time_point> failures;
        // Position in recency_, whose front holds the key with the newest failure.
        std::list<std::string_view>::iterator recency;
    };
    using Entries = std::unordered_map<std::string, Entry, KeyHash, KeyEqual>;

    void forget_stale(Clock::time_point now);
    void drop_expired_failures(Entry& entry, Clock::time_point now) const;
    void erase(Entries::iterator entry);

    const std::size_t max_failures_;
    const Clock::duration window_;
    const std::size_t max_keys_;
    mutable std::mutex mutex_;
    Entries entries_;
    // Views of the keys in entries_ (unordered_map keys never move).
    std::list<std::string_view> recency_;
};

}  // namespace switchboard::auth
