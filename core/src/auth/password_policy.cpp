#include "switchboard/auth/password_policy.hpp"

#include <cstdint>
#include <stdexcept>

namespace switchboard::auth {

namespace {

// Counts the code points of strict UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF); nullopt if the text is not valid UTF-8.
std::optional<std::size_t> count_code_points(std::string_view text) {
    std::size_t count = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        std::uint32_t code_point = 0;
        std::uint32_t minimum = 0;
        if (lead < 0x80) {
            length = 1;
            code_point = lead;
        } else if ((lead & 0xe0) == 0xc0) {
            length = 2;
            code_point = lead & 0x1f;
            minimum = 0x80;
        } else if ((lead & 0xf0) == 0xe0) {
            length = 3;
            code_point = lead & 0x0f;
            minimum = 0x800;
        } else if ((lead & 0xf8) == 0xf0) {
            length = 4;
            code_point = lead & 0x07;
            minimum = 0x10000;
        } else {
            return std::nullopt;
        }
        if (text.size() - i < length) {
            return std::nullopt;
        }
        for (std::size_t k = 1; k < length; ++k) {
            const auto continuation = static_cast<unsigned char>(text[i + k]);
            if ((continuation & 0xc0) != 0x80) {
                return std::nullopt;
            }
            code_point = (code_point << 6) | (continuation & 0x3f);
        }
        if (code_point < minimum || code_point > 0x10ffff || (code_point >= 0xd800 && code_point <= 0xdfff)) {
            return std::nullopt;
        }
        i += length;
        ++count;
    }
    return count;
}

}  // namespace

PasswordPolicy::PasswordPolicy(std::size_t min_length) : min_length_(min_length) {
    if (min_length == 0 || min_length > kMaxBytes) {
        throw std::invalid_argument("password min_length must be between 1 and " + std::to_string(kMaxBytes));
    }
}

std::optional<std::string> PasswordPolicy::violation(std::string_view password) const {
    if (password.size() > kMaxBytes) {
        return "password must be at most " + std::to_string(kMaxBytes) + " bytes";
    }
    const std::optional<std::size_t> length = count_code_points(password);
    if (!length) {
        return std::string("password must be valid UTF-8");
    }
    if (*length < min_length_) {
        return "password must be at least " + std::to_string(min_length_) + " characters";
    }
    return std::nullopt;
}

}  // namespace switchboard::auth
