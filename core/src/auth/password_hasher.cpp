#include "switchboard/auth/password_hasher.hpp"

#include <stdexcept>

namespace switchboard::auth {

namespace {

constexpr std::string_view kArgon2idPrefix = "$argon2id$";

void ensure_sodium() {
    // sodium_init is idempotent and thread-safe; it returns 1 when already done.
    if (sodium_init() < 0) {
        throw std::runtime_error("libsodium could not be initialised");
    }
}

}  // namespace

PasswordHasher::PasswordHasher(unsigned long long opslimit, std::size_t memlimit)
    : opslimit_(opslimit), memlimit_(memlimit) {
    ensure_sodium();
    if (opslimit < crypto_pwhash_OPSLIMIT_MIN || opslimit > crypto_pwhash_OPSLIMIT_MAX) {
        throw std::invalid_argument("argon2id opslimit " + std::to_string(opslimit) + " is outside " +
                                    std::to_string(crypto_pwhash_OPSLIMIT_MIN) + ".." +
                                    std::to_string(crypto_pwhash_OPSLIMIT_MAX));
    }
    if (memlimit < crypto_pwhash_MEMLIMIT_MIN || memlimit > crypto_pwhash_MEMLIMIT_MAX) {
        throw std::invalid_argument("argon2id memlimit " + std::to_string(memlimit) + " is outside " +
                                    std::to_string(crypto_pwhash_MEMLIMIT_MIN) + ".." +
                                    std::to_string(crypto_pwhash_MEMLIMIT_MAX));
    }
}

std::string PasswordHasher::hash(std::string_view password) const {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), opslimit_, memlimit_,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw std::runtime_error("argon2id hashing failed (out of memory?)");
    }
    return std::string(out);
}

bool PasswordHasher::verify(std::string_view stored_hash, std::string_view password) const {
    // libsodium reads the hash as a C string: refuse what would not survive that.
    if (stored_hash.size() >= crypto_pwhash_STRBYTES || stored_hash.find('\0') != std::string_view::npos) {
        return false;
    }
    const std::string terminated(stored_hash);
    return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool PasswordHasher::verify_missing_user(std::string_view password) const {
    std::call_once(dummy_once_, [this] { dummy_hash_ = hash("switchboard: no such user"); });
    verify(dummy_hash_, password);
    return false;
}

bool PasswordHasher::needs_rehash(std::string_view stored_hash) const {
    if (!stored_hash.starts_with(kArgon2idPrefix) || stored_hash.size() >= crypto_pwhash_STRBYTES ||
        stored_hash.find('\0') != std::string_view::npos) {
        return true;
    }
    const std::string terminated(stored_hash);
    return crypto_pwhash_str_needs_rehash(terminated.c_str(), opslimit_, memlimit_) != 0;
}

}  // namespace switchboard::auth
