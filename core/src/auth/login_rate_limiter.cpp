#include "switchboard/auth/login_rate_limiter.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace switchboard::auth {

std::size_t LoginRateLimiter::KeyHash::operator()(std::string_view key) const noexcept {
    unsigned char digest[crypto_shorthash_BYTES];
    crypto_shorthash(digest, reinterpret_cast<const unsigned char*>(key.data()), key.size(), secret);
    std::size_t value = 0;
    std::memcpy(&value, digest, std::min(sizeof value, sizeof digest));
    return value;
}

LoginRateLimiter::LoginRateLimiter(std::size_t max_failures, std::chrono::seconds window, std::size_t max_keys)
    : max_failures_(max_failures), window_(window), max_keys_(max_keys) {
    if (max_failures == 0 || window <= std::chrono::seconds::zero() || max_keys == 0) {
        throw std::invalid_argument("login rate limiter needs max_failures, window and max_keys above zero");
    }
    if (sodium_init() < 0) {
        throw std::runtime_error("libsodium could not be initialised");
    }
    KeyHash hash{};
    crypto_shorthash_keygen(hash.secret);
    entries_ = Entries(0, hash);
}

RateLimitDecision LoginRateLimiter::check(std::string_view key, Clock::time_point now) {
    const std::lock_guard lock(mutex_);
    const auto it = entries_.find(key);
    if (it == entries_.end()) {
        return {};
    }
    drop_expired_failures(it->second, now);
    if (it->second.failures.size() < max_failures_) {
        return {};
    }
    // Allowed again once the oldest counted failure leaves the window; round up so
    // a client waiting exactly retry_after is not refused again.
    const Clock::duration wait = it->second.failures.front() + window_ - now;
    const auto seconds = std::chrono::ceil<std::chrono::seconds>(wait);
    return RateLimitDecision{false, std::max(seconds, std::chrono::seconds{1})};
}

void LoginRateLimiter::record_failure(std::string_view key, Clock::time_point now) {
    const std::lock_guard lock(mutex_);
    forget_stale(now);
    auto it = entries_.find(key);
    if (it == entries_.end()) {
        if (entries_.size() >= max_keys_) {
            erase(entries_.find(recency_.back()));
        }
        it = entries_.emplace(std::string(key), Entry{}).first;
        recency_.push_front(it->first);
        it->second.recency = recency_.begin();
    } else {
        recency_.splice(recency_.begin(), recency_, it->second.recency);
    }
    Entry& entry = it->second;
    drop_expired_failures(entry, now);
    // Only the newest max_failures matter: the oldest of them decides the wait.
    if (entry.failures.size() == max_failures_) {
        entry.failures.erase(entry.failures.begin());
    }
    entry.failures.insert(std::upper_bound(entry.failures.begin(), entry.failures.end(), now), now);
}

void LoginRateLimiter::reset(std::string_view key) {
    const std::lock_guard lock(mutex_);
    const auto it = entries_.find(key);
    if (it != entries_.end()) {
        erase(it);
    }
}

std::size_t LoginRateLimiter::tracked_keys() const {
    const std::lock_guard lock(mutex_);
    return entries_.size();
}

void LoginRateLimiter::forget_stale(Clock::time_point now) {
    // recency_ is ordered by newest failure, so stale keys gather at its back.
    while (!recency_.empty()) {
        const auto it = entries_.find(recency_.back());
        if (it->second.failures.empty() || it->second.failures.back() + window_ <= now) {
            erase(it);
        } else {
            return;
        }
    }
}

void LoginRateLimiter::drop_expired_failures(Entry& entry, Clock::time_point now) const {
    const auto first_live = std::find_if(entry.failures.begin(), entry.failures.end(),
                                         [&](Clock::time_point failure) { return failure + window_ > now; });
    entry.failures.erase(entry.failures.begin(), first_live);
}

void LoginRateLimiter::erase(Entries::iterator entry) {
    recency_.erase(entry->second.recency);
    entries_.erase(entry);
}

}  // namespace switchboard::auth
