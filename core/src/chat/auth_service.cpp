#include "switchboard/chat/auth_service.hpp"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "switchboard/auth/refresh_token.hpp"
#include "switchboard/chat/json_views.hpp"
#include "switchboard/chat/username.hpp"
#include "switchboard/config/section.hpp"
#include "switchboard/protocol/protocol_error.hpp"
#include "switchboard/util/clock.hpp"
#include "switchboard/util/id_generator.hpp"
#include "switchboard/util/utf8.hpp"

namespace switchboard::chat {

using nlohmann::json;
using protocol::ErrorCode;
using protocol::ProtocolError;


AuthService::AuthService(ChatContext& context, const config::Section& auth, const std::string& jwt_secret,
                         Binder binder)
    : ctx_(context),
      binder_(std::move(binder)),
      issuer_(auth.string("issuer").value_or("switchboard")),
      audience_(auth.string("audience").value_or("switchboard")),
      access_ttl_ms_(auth.integer("access_token_ttl").value_or(15 * 60 * 1000)),
      refresh_ttl_ms_(auth.integer("refresh_token_ttl").value_or(30LL * 86400 * 1000)),
      allow_registration_(auth.boolean("allow_registration").value_or(true)),
      auto_provision_(auth.boolean("external.auto_provision").value_or(true)),
      signer_(jwt_secret),
      policy_(static_cast<size_t>(auth.integer("password_min_length").value_or(8))),
      limiter_(static_cast<size_t>(auth.integer("login_attempts").value_or(5)),
               std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::milliseconds(auth.integer("login_window").value_or(60'000))),
               100'000),
      hash_pool_(std::make_unique<boost::asio::thread_pool>(
          static_cast<size_t>(auth.integer("hash_threads").value_or(1)))) {
    verifier_.add_internal_secret(jwt_secret, issuer_, audience_);
    auth::ClaimExpectations external;
    if (auto iss = auth.string("external.issuer"); iss && !iss->empty()) external.issuer = *iss;
    if (auto aud = auth.string("external.audience"); aud && !aud->empty()) external.audience = *aud;
    if (auto secret = auth.string("external.hs256_secret"); secret && !secret->empty())
        verifier_.add_external_secret(*secret, external);
    if (auto pem = auth.string("external.public_key_file"); pem && !pem->empty())
        verifier_.add_external_pem_file(*pem, external);
    if (auto jwks = auth.string("external.jwks_file"); jwks && !jwks->empty())
        verifier_.add_external_jwks_file(*jwks, external);
}

AuthService::~AuthService() { hash_pool_->join(); }

void AuthService::register_ops(Dispatcher& d) {
    using A = Dispatcher::Access;
    d.add("auth.register", A::anyone, [this](const CallPtr& c) { register_user(c); });
    d.add("auth.login", A::anyone, [this](const CallPtr& c) { login(c); });
    d.add("auth.refresh", A::anyone, [this](const CallPtr& c) { refresh(c); });
    d.add("auth.logout", A::authenticated, [this](const CallPtr& c) { logout(c); });
    d.add("auth", A::anyone, [this](const CallPtr& c) { bind(c); });
}

void AuthService::off_thread(std::function<void()> work, std::function<void()> then) {
    boost::asio::post(*hash_pool_, [this, work = std::move(work), then = std::move(then)]() mutable {
        work();
        ctx_.loop.post(std::move(then));
    });
}

std::string AuthService::access_token(const std::string& user_id, const std::string& device_id,
                                      int64_t* expires_at) const {
    int64_t now_s = util::now_ms() / 1000;
    *expires_at = now_s + access_ttl_ms_ / 1000;
    json claims{{"sub", user_id}, {"iat", now_s}, {"exp", *expires_at}, {"iss", issuer_}, {"aud", audience_}};
    if (!device_id.empty()) claims["did"] = device_id;
    return signer_.sign(claims);
}

void AuthService::issue(const CallPtr& call, const std::string& user_id, const std::string& device_id) {
    int64_t expires_at = 0;
    std::string token = access_token(user_id, device_id, &expires_at);
    auth::RefreshToken refresh = auth::RefreshToken::generate();
    int64_t now = util::now_ms();
    storage::RefreshToken stored{refresh.hash, user_id, device_id, now, now + refresh_ttl_ms_};
    known_users_.insert(user_id);
    ctx_.storage.refresh_insert(stored, [call, user_id, token, expires_at, refresh = refresh.token](
                                            storage::StorageResult<storage::Unit> r) {
        if (!r.ok()) return call->fail_storage(r, "refresh token");
        call->ok(json{{"user_id", user_id},
                      {"token", token},
                      {"refresh_token", refresh},
                      {"expires_at", expires_at}});
    });
}

void AuthService::register_user(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"username", "password", "display_name", "device_id"});
    if (!allow_registration_) throw ProtocolError(ErrorCode::forbidden, "registration is disabled on this server");
    std::string username = normalize_username(f.string("username", 64));
    std::string password = f.text("password", auth::PasswordPolicy::kMaxBytes);
    std::string display_name = f.optional_string("display_name", 64).value_or(username);
    std::string device_id = f.optional_string("device_id", 128).value_or("");
    if (auto problem = policy_.violation(password)) throw ProtocolError(ErrorCode::bad_request, "data.password: " + *problem);

    auto hash = std::make_shared<std::string>();
    off_thread([this, hash, password] { *hash = hasher_.hash(password); },
               [this, call, hash, username, display_name, device_id] {
                   storage::User user{util::IdGenerator::make("u_"), username, display_name, *hash, util::now_ms(), 0};
                   ctx_.storage.user_create(user, [this, call, user, device_id](storage::StorageResult<storage::Unit> r) {
                       if (r.status == SB_ERR_CONFLICT)
                           return call->fail(ErrorCode::conflict, "username '" + user.username + "' is taken");
                       if (!r.ok()) return call->fail_storage(r, "user");
                       issue(call, user.user_id, device_id);
                   });
               });
}

void AuthService::login(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"username", "password", "device_id"});
    std::string raw_username = f.string("username", 64);
    std::string password = f.text("password", auth::PasswordPolicy::kMaxBytes);
    std::string device_id = f.optional_string("device_id", 128).value_or("");
    std::string username;
    try {
        username = normalize_username(raw_username);
    } catch (const ProtocolError&) {
        throw ProtocolError(ErrorCode::unauthorized, "invalid username or password");
    }
    std::string address = remote_address_of ? remote_address_of(call->conn()) : std::string();
    auto now = auth::LoginRateLimiter::Clock::now();
    for (const std::string& key : {"u:" + username, "a:" + address}) {
        auto decision = limiter_.check(key, now);
        if (!decision.allowed)
            throw ProtocolError(ErrorCode::rate_limited, "too many failed logins; retry in " +
                                                             std::to_string(decision.retry_after.count()) + " s");
    }

    ctx_.storage.user_get_by_username(username, [this, call, username, password, device_id,
                                                 address](storage::StorageResult<storage::User> r) {
        if (!r.ok() && r.status != SB_ERR_NOT_FOUND) return call->fail_storage(r, "user");
        auto found = std::make_shared<storage::User>(r.ok() ? r.value : storage::User{});
        auto verdict = std::make_shared<bool>(false);
        auto rehash = std::make_shared<std::string>();
        off_thread(
            [this, found, verdict, rehash, password] {
                if (found->user_id.empty() || found->password_hash.empty()) {
                    *verdict = hasher_.verify_missing_user(password);
                    return;
                }
                *verdict = hasher_.verify(found->password_hash, password);
                if (*verdict && hasher_.needs_rehash(found->password_hash)) *rehash = hasher_.hash(password);
            },
            [this, call, found, verdict, rehash, username, device_id, address] {
                auto now = auth::LoginRateLimiter::Clock::now();
                if (!*verdict) {
                    limiter_.record_failure("u:" + username, now);
                    limiter_.record_failure("a:" + address, now);
                    return call->fail(ErrorCode::unauthorized, "invalid username or password");
                }
                limiter_.reset("u:" + username);
                if (!rehash->empty())
                    ctx_.storage.user_update(found->user_id, nullptr, rehash.get(), [](storage::StorageResult<storage::User> r) {
                        if (!r.ok()) spdlog::warn("password rehash not stored: {}", r.error);
                    });
                issue(call, found->user_id, device_id);
            });
    });
}

void AuthService::refresh(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"refresh_token"});
    std::string token = f.string("refresh_token", 512);
    auth::RefreshToken next = auth::RefreshToken::generate();
    int64_t now = util::now_ms();
    storage::RefreshToken replacement{next.hash, "", "", now, now + refresh_ttl_ms_};
    // Storage gives the replacement the consumed token's user and device.
    ctx_.storage.refresh_rotate(
        auth::RefreshToken::hash_of(token), now, replacement,
        [this, call, next](storage::StorageResult<storage::RefreshToken> r) {
            if (r.status == SB_ERR_NOT_FOUND)
                return call->fail(ErrorCode::unauthorized, "refresh token is unknown, expired or already used");
            if (!r.ok()) return call->fail_storage(r, "refresh token");
            const storage::RefreshToken& old = r.value;
            int64_t expires_at = 0;
            std::string access = access_token(old.user_id, old.device_id, &expires_at);
            known_users_.insert(old.user_id);
            call->ok(json{{"user_id", old.user_id},
                          {"token", access},
                          {"refresh_token", next.token},
                          {"expires_at", expires_at}});
        });
}

void AuthService::logout(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"refresh_token", "all"});
    auto token = f.optional_string("refresh_token", 512);
    bool all = f.optional_boolean("all").value_or(false);
    auto done = [call](storage::StorageResult<storage::Unit> r) {
        if (!r.ok()) return call->fail_storage(r, "refresh token");
        call->ok();
    };
    if (all) return ctx_.storage.refresh_revoke_user(call->user_id(), done);
    if (!token) throw ProtocolError(ErrorCode::bad_request, "data: give refresh_token, or all: true");
    ctx_.storage.refresh_revoke(auth::RefreshToken::hash_of(*token), done);
}

namespace {
Identity identity_of(const auth::VerifiedToken& t) {
    Identity identity{t.subject, "", t.expires_at};
    if (t.claims.contains("did") && t.claims["did"].is_string()) identity.device_id = t.claims["did"];
    return identity;
}
}  // namespace

std::optional<Identity> AuthService::verify(std::string_view token, std::string* problem) const {
    auth::VerifyResult verified = verifier_.verify(token);
    if (!verified) {
        spdlog::debug("token refused: {}", verified.error().message);
        if (problem) *problem = "invalid token: " + std::string(auth::to_string(verified.error().reason));
        return std::nullopt;
    }
    return identity_of(verified.token());
}

void AuthService::authenticate(const std::string& token, Authenticated done) {
    auth::VerifyResult verified = verifier_.verify(token);
    if (!verified) {
        spdlog::debug("token refused: {}", verified.error().message);
        return done(SB_ERR_UNAUTHORIZED, "invalid token: " + std::string(auth::to_string(verified.error().reason)), {});
    }
    const auth::VerifiedToken& t = verified.token();
    Identity identity = identity_of(t);
    const std::string& user_id = identity.user_id;
    if (known_users_.count(user_id)) return done(SB_OK, "", identity);
    if (t.source == "external" && !auto_provision_) {
        return ctx_.storage.user_get(user_id, [this, identity, done](storage::StorageResult<storage::User> r) {
            if (r.status == SB_ERR_NOT_FOUND) return done(SB_ERR_UNAUTHORIZED, "unknown user", {});
            if (!r.ok()) return done(r.status, "storage is unavailable, try again", {});
            known_users_.insert(identity.user_id);
            done(SB_OK, "", identity);
        });
    }
    // Tokens minted by an integrator may name users we have not seen yet.
    std::string display = user_id;
    for (const char* claim : {"name", "preferred_username"})
        if (t.claims.contains(claim) && t.claims[claim].is_string() && util::is_valid_utf8(t.claims[claim].get<std::string>()))
            display = t.claims[claim].get<std::string>().substr(0, 64);
    storage::User user{user_id, user_id, display, "", util::now_ms(), 0};
    ctx_.storage.user_ensure(user, [this, identity, done](storage::StorageResult<storage::User> r) {
        if (r.status == SB_ERR_CONFLICT)
            return done(SB_ERR_UNAUTHORIZED, "the token's subject collides with an existing username", {});
        if (!r.ok()) return done(r.status, "storage is unavailable, try again", {});
        known_users_.insert(identity.user_id);
        done(SB_OK, "", identity);
    });
}

void AuthService::bind(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"token", "device_id"});
    std::string token = f.string("token", auth::JwtVerifier::kMaxTokenBytes);
    std::string device_id = f.optional_string("device_id", 128).value_or("");
    if (call->stateless())
        throw ProtocolError(ErrorCode::bad_request, "'auth' binds a live connection; over HTTP send the token as a Bearer header");
    authenticate(token, [this, call, device_id](sb_status status, const std::string& message, const Identity& who) {
        if (status != SB_OK) return call->fail(protocol::from_status(status), message);
        std::string device = device_id.empty() ? who.device_id : device_id;
        binder_(call->conn(), who.user_id, device);
        call->ok(json{{"user_id", who.user_id}, {"device_id", device}, {"expires_at", who.expires_at}});
    });
}

void AuthService::hash_password(std::string password, std::function<void(std::string hash)> then) {
    auto hash = std::make_shared<std::string>();
    off_thread([this, hash, password = std::move(password)] { *hash = hasher_.hash(password); },
               [hash, then = std::move(then)] { then(std::move(*hash)); });
}

std::optional<std::string> AuthService::password_problem(const std::string& password) const {
    return policy_.violation(password);
}

}  // namespace switchboard::chat
