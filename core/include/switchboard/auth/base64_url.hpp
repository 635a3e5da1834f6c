#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace switchboard::auth {

// The URL-safe base64 alphabet of RFC 4648 §5 without padding, as JOSE uses it.
// Decoding is strict: no padding, no whitespace, no characters outside the
// alphabet, no impossible lengths and no non-zero leftover bits, so every byte
// string has exactly one accepted encoding.
class Base64Url {
public:
    static std::string encode(std::string_view bytes);
    static std::optional<std::string> decode(std::string_view text);
};

}  // namespace switchboard::auth
