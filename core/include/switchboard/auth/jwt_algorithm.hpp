#pragma once

#include <optional>
#include <string_view>

namespace switchboard::auth {

// The JWS algorithms the server accepts. Each is bound to one key type, which is
// what rules out algorithm confusion: an HMAC key only ever verifies HS256, an RSA
// key only RS256, a P-256 key only ES256.
enum class JwtAlgorithm { hs256, rs256, es256 };

// Exact, case-sensitive JOSE names ("HS256", "RS256", "ES256"); anything else is nullopt.
std::optional<JwtAlgorithm> jwt_algorithm_from_name(std::string_view name);
std::string_view to_string(JwtAlgorithm algorithm);

}  // namespace switchboard::auth
