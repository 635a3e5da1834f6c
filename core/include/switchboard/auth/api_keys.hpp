#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace switchboard::auth {

// The server API's keys (server_api.keys). A key is checked against every
// configured one by comparing SHA-256 digests in constant time, so neither
// timing nor length tells how close a guess was.
class ApiKeys {
public:
    static constexpr size_t kMinLength = 32;

    // Throws std::invalid_argument for a key shorter than kMinLength.
    explicit ApiKeys(const std::vector<std::string>& keys);

    bool enabled() const noexcept { return !digests_.empty(); }
    bool valid(std::string_view key) const;

private:
    std::vector<std::array<unsigned char, 32>> digests_;
};

}  // namespace switchboard::auth
