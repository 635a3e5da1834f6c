#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace switchboard::auth {

// What a new password must satisfy: valid UTF-8, at least min_length characters
// (code points, so non-Latin passwords are not penalised), at most kMaxBytes bytes.
class PasswordPolicy {
public:
    static constexpr std::size_t kMaxBytes = 1024;

    // Throws std::invalid_argument if min_length is zero or above kMaxBytes.
    explicit PasswordPolicy(std::size_t min_length);

    // nullopt if the password is acceptable, else a message for the client.
    std::optional<std::string> violation(std::string_view password) const;

    std::size_t min_length() const noexcept { return min_length_; }

private:
    std::size_t min_length_;
};

}  // namespace switchboard::auth
