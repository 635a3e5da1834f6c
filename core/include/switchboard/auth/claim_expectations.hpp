#pragma once

#include <optional>
#include <string>

namespace switchboard::auth {

// What a key source requires of the iss and aud claims of the tokens it verifies.
// An unset field is not checked.
struct ClaimExpectations {
    std::optional<std::string> issuer;
    // Matches an aud that is this string or an array containing it.
    std::optional<std::string> audience;
};

}  // namespace switchboard::auth
