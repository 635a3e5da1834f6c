#include "switchboard/auth/api_keys.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <stdexcept>

namespace switchboard::auth {

namespace {
std::array<unsigned char, 32> digest(std::string_view text) {
    std::array<unsigned char, 32> out{};
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), out.data());
    return out;
}
}  // namespace

ApiKeys::ApiKeys(const std::vector<std::string>& keys) {
    for (size_t i = 0; i < keys.size(); ++i) {
        if (keys[i].size() < kMinLength)
            throw std::invalid_argument("key " + std::to_string(i + 1) + " is shorter than " + std::to_string(kMinLength) +
                                        " characters; use a random one (openssl rand -hex 32)");
        digests_.push_back(digest(keys[i]));
    }
}

bool ApiKeys::valid(std::string_view key) const {
    auto given = digest(key);
    bool match = false;
    for (const auto& d : digests_) match |= CRYPTO_memcmp(d.data(), given.data(), d.size()) == 0;
    return match;
}

}  // namespace switchboard::auth
