#include "switchboard/auth/jwt_algorithm.hpp"

namespace switchboard::auth {

std::optional<JwtAlgorithm> jwt_algorithm_from_name(std::string_view name) {
    if (name == "HS256") {
        return JwtAlgorithm::hs256;
    }
    if (name == "RS256") {
        return JwtAlgorithm::rs256;
    }
    if (name == "ES256") {
        return JwtAlgorithm::es256;
    }
    return std::nullopt;
}

std::string_view to_string(JwtAlgorithm algorithm) {
    switch (algorithm) {
        case JwtAlgorithm::hs256:
            return "HS256";
        case JwtAlgorithm::rs256:
            return "RS256";
        case JwtAlgorithm::es256:
            return "ES256";
    }
    return "unknown";
}

}  // namespace switchboard::auth
