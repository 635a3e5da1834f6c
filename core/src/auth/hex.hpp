#pragma once

#include <cstddef>
#include <string>
#include <string_view>

// Private to the auth sources: lowercase hex of a byte buffer.
namespace switchboard::auth::hex {

inline std::string encode(const unsigned char* bytes, std::size_t size) {
    constexpr std::string_view kDigits = "0123456789abcdef";
    std::string text;
    text.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        text.push_back(kDigits[bytes[i] >> 4]);
        text.push_back(kDigits[bytes[i] & 0x0f]);
    }
    return text;
}

}  // namespace switchboard::auth::hex
