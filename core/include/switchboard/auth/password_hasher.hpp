#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

#include <sodium.h>

namespace switchboard::auth {

// Argon2id password hashes in the PHC string format ("$argon2id$v=19$m=…,t=…,p=1$…")
// through libsodium. Each hash costs about memlimit bytes of RAM for the time of
// the call, so callers should bound how many run at once. Thread-safe.
class PasswordHasher {
public:
    // Defaults are libsodium's INTERACTIVE limits (2 passes over 64 MiB). Throws
    // std::invalid_argument for limits outside libsodium's MIN..MAX.
    explicit PasswordHasher(unsigned long long opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            std::size_t memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE);

    // Throws std::runtime_error if hashing fails (out of memory).
    std::string hash(std::string_view password) const;

    // False for a wrong password and for a stored hash that cannot be parsed.
    bool verify(std::string_view stored_hash, std::string_view password) const;

    // For a login naming no known user: spends the time of a real verify (against a
    // hash made once with the same limits) and returns false, so the
    // response time does not reveal whether the username exists.
    bool verify_missing_user(std::string_view password) const;

    // True if the stored hash is not argon2id with exactly this hasher's limits;
    // rehash it on the next successful login.
    bool needs_rehash(std::string_view stored_hash) const;

private:
    unsigned long long opslimit_;
    std::size_t memlimit_;
    // Made on the first login for an unknown user, not at start-up: one
    // argon2id hash costs 0.3 s and a 64 MiB peak that most starts never need.
    mutable std::once_flag dummy_once_;
    mutable std::string dummy_hash_;
};

}  // namespace switchboard::auth
