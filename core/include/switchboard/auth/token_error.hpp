#pragma once

#include <string>
#include <string_view>

namespace switchboard::auth {

enum class TokenErrorReason {
    malformed,
    bad_signature,
    unsupported_alg,
    alg_none,
    key_not_found,
    expired,
    not_yet_valid,
    wrong_issuer,
    wrong_audience,
    missing_subject,
};

// The snake_case name of a reason, e.g. "bad_signature", for logs and metrics.
std::string_view to_string(TokenErrorReason reason);

// Why a token was refused. The message is for logs; clients should only learn
// "unauthorized" so it does not guide an attacker.
struct TokenError {
    TokenErrorReason reason;
    std::string message;
};

}  // namespace switchboard::auth
