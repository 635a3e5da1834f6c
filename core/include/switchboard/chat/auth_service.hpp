#pragma once

#include <boost/asio/thread_pool.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <string>
#include <unordered_set>

#include "switchboard/auth/jwt_signer.hpp"
#include "switchboard/auth/jwt_verifier.hpp"
#include "switchboard/auth/login_rate_limiter.hpp"
#include "switchboard/auth/password_hasher.hpp"
#include "switchboard/auth/password_policy.hpp"
#include "switchboard/chat/chat_context.hpp"
#include "switchboard/chat/dispatcher.hpp"
#include "switchboard/chat/identity.hpp"

namespace switchboard::config {
class Section;
}

namespace switchboard::chat {

// Accounts and tokens: auth.register, auth.login, auth.refresh, auth.logout,
// and `auth`, which binds a connection to the user of an access token (ours
// or an integrator's). Password hashing runs on its own threads so the kernel
// thread never spends 50 ms in argon2.
class AuthService {
public:
    // Binds connection `conn` to a user: the kernel updates its session registry and presence.
    using Binder = std::function<void(uint64_t conn, const std::string& user_id, const std::string& device_id)>;

    AuthService(ChatContext& context, const config::Section& auth, const std::string& jwt_secret, Binder binder);
    ~AuthService();

    void register_ops(Dispatcher& dispatcher);

    // The connection's remote address, for the login rate limit by address.
    std::function<std::string(uint64_t conn)> remote_address_of;

    // Checks a token's signature, expiry and claims; no storage. Thread-safe
    // (transports' threads call it for uploads). `problem` says why not.
    std::optional<Identity> verify(std::string_view token, std::string* problem) const;
    // verify(), then makes sure the user exists (provisioning the subject of
    // an integrator's token when auto_provision allows). Kernel thread;
    // `done` runs there with SB_OK, SB_ERR_UNAUTHORIZED or a storage failure.
    using Authenticated = std::function<void(sb_status status, const std::string& message, const Identity& who)>;
    void authenticate(const std::string& token, Authenticated done);

    // Mints an access token and a stored refresh token, then answers the call
    // with {user_id, token, refresh_token, expires_at}.
    void issue(const CallPtr& call, const std::string& user_id, const std::string& device_id);
    // argon2id on the hashing threads; `then` runs on the kernel thread.
    void hash_password(std::string password, std::function<void(std::string hash)> then);
    // Why auth.password_min_length and friends refuse a password, if they do.
    std::optional<std::string> password_problem(const std::string& password) const;

private:
    void register_user(const CallPtr& call);
    void login(const CallPtr& call);
    void refresh(const CallPtr& call);
    void logout(const CallPtr& call);
    void bind(const CallPtr& call);

    std::string access_token(const std::string& user_id, const std::string& device_id, int64_t* expires_at) const;
    // Runs `work` on the hashing threads and `then` on the kernel thread.
    void off_thread(std::function<void()> work, std::function<void()> then);

    ChatContext& ctx_;
    Binder binder_;
    std::string issuer_;
    std::string audience_;
    int64_t access_ttl_ms_;
    int64_t refresh_ttl_ms_;
    bool allow_registration_;
    bool auto_provision_;
    auth::JwtSigner signer_;
    auth::JwtVerifier verifier_;
    auth::PasswordHasher hasher_;
    auth::PasswordPolicy policy_;
    auth::LoginRateLimiter limiter_;
    std::unordered_set<std::string> known_users_;  // users known to exist: no storage round trip on `auth`
    std::unique_ptr<boost::asio::thread_pool> hash_pool_;
};

}  // namespace switchboard::chat
