#pragma once

#include <cstddef>
#include <string_view>

namespace switchboard::util {

// Index of the first byte that is not part of well-formed UTF-8 (RFC 3629: no
// overlongs, no surrogates, nothing above U+10FFFF), or npos when all is valid.
size_t first_invalid_utf8(std::string_view text) noexcept;

inline bool is_valid_utf8(std::string_view text) noexcept { return first_invalid_utf8(text) == std::string_view::npos; }

// Number of code points in valid UTF-8.
size_t utf8_length(std::string_view text) noexcept;

}  // namespace switchboard::util
