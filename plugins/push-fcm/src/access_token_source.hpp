#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "service_account.hpp"
#include "switchboard/sdk/push/http2_client_pool.hpp"
#include "switchboard/sdk/push/jwt_signer.hpp"
#include "switchboard/sdk/push/push_outcome.hpp"

namespace switchboard::plugins::push_fcm {

// The OAuth2 access token of the service account (RFC 7523 JWT bearer grant):
// an RS256 assertion {iss: client_email, scope: firebase.messaging, aud:
// token_uri, iat, exp: iat + 1h} POSTed to token_uri, the answer cached until
// `margin` before it expires. While one fetch is under way, every caller waits
// for that one (no second request). Thread-safe.
class AccessTokenSource {
public:
    // Called with the token, or with the outcome to report when none could be had.
    using Ready = std::function<void(const std::string* token, const sdk::push::PushOutcome* failure)>;

    AccessTokenSource(sdk::push::Http2ClientPool& client, const ServiceAccount& account, std::string token_uri,
                      std::chrono::seconds margin);

    // Calls `ready` at once (on this thread) with a cached token, else once
    // the fetch it starts or joins ends (on one of the client pool's threads).
    void acquire(Ready ready);

    // The provider refused `token` (401): the next acquire() fetches a new one.
    void invalidate(const std::string& token);

    // The assertion for `now` (public for the tests).
    std::string assertion(std::chrono::system_clock::time_point now) const;

private:
    void fetch();
    void finish(sdk::push::HttpResponse&& response);

    sdk::push::Http2ClientPool& client_;
    sdk::push::JwtSigner signer_;
    std::string client_email_;
    std::string key_id_;
    std::string token_uri_;
    std::chrono::seconds margin_;

    std::mutex mutex_;
    std::string token_;
    std::chrono::steady_clock::time_point refresh_at_{};
    bool fetching_ = false;
    std::vector<Ready> waiting_;
};

}  // namespace switchboard::plugins::push_fcm
