#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace switchboard::auth {

struct VerifiedToken {
    std::string subject;
    // Unix seconds of the exp claim.
    std::int64_t expires_at = 0;
    nlohmann::json claims;
    // "internal" for tokens we issued, "external" for tokens minted by an integrator.
    std::string source;
};

}  // namespace switchboard::auth
