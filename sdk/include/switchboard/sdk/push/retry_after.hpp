// Switchboard push kit (header-only): the Retry-After header (RFC 9110 §10.2.3).
#pragma once

#include <charconv>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

namespace switchboard::sdk::push {

class RetryAfter {
public:
    // Milliseconds to wait: from delay-seconds ("120") or an HTTP-date
    // ("Wed, 21 Oct 2015 07:28:00 GMT", relative to `now`); 0 when the value
    // is absent, malformed or in the past. Capped at a day.
    static int64_t parse_ms(std::string_view value,
                            std::chrono::system_clock::time_point now = std::chrono::system_clock::now()) {
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r' || value.back() == '\n'))
            value.remove_suffix(1);
        if (value.empty()) return 0;
        int64_t seconds = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
        if (ec == std::errc() && end == value.data() + value.size()) return clamp(seconds * 1000);
        std::tm tm{};
        std::string text(value);
        const char* parsed = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
        if (!parsed || *parsed != '\0') return 0;
        auto at = std::chrono::system_clock::from_time_t(timegm(&tm));
        return clamp(std::chrono::duration_cast<std::chrono::milliseconds>(at - now).count());
    }

private:
    static constexpr int64_t kMaxMs = 86'400'000;
    static int64_t clamp(int64_t ms) { return ms < 0 ? 0 : (ms > kMaxMs ? kMaxMs : ms); }
};

}  // namespace switchboard::sdk::push
