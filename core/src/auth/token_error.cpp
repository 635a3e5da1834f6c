#include "switchboard/auth/token_error.hpp"

namespace switchboard::auth {

std::string_view to_string(TokenErrorReason reason) {
    switch (reason) {
        case TokenErrorReason::malformed:
            return "malformed";
        case TokenErrorReason::bad_signature:
            return "bad_signature";
        case TokenErrorReason::unsupported_alg:
            return "unsupported_alg";
        case TokenErrorReason::alg_none:
            return "alg_none";
        case TokenErrorReason::key_not_found:
            return "key_not_found";
        case TokenErrorReason::expired:
            return "expired";
        case TokenErrorReason::not_yet_valid:
            return "not_yet_valid";
        case TokenErrorReason::wrong_issuer:
            return "wrong_issuer";
        case TokenErrorReason::wrong_audience:
            return "wrong_audience";
        case TokenErrorReason::missing_subject:
            return "missing_subject";
    }
    return "unknown";
}

}  // namespace switchboard::auth
