#pragma once

#include <cstdint>
#include <string>

namespace switchboard::bench {

// Mints HS256 access tokens the way an integrator's backend would, so the
// load generator authenticates thousands of users without registering them
// (the server provisions a token's subject on first auth).
class JwtMinter {
public:
    JwtMinter(std::string secret, std::string issuer, std::string audience);

    std::string mint(const std::string& subject, int64_t issued_at_s, int64_t lifetime_s) const;

private:
    std::string secret_;
    std::string issuer_;
    std::string audience_;
};

}  // namespace switchboard::bench
