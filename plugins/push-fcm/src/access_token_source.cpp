#include "access_token_source.hpp"

#include <curl/curl.h>

#include <nlohmann/json.hpp>

#include "switchboard/sdk/push/retry_after.hpp"

namespace switchboard::plugins::push_fcm {

using sdk::push::PushOutcome;

namespace {

constexpr const char* kScope = "https://www.googleapis.com/auth/firebase.messaging";
constexpr std::chrono::seconds kAssertionLifetime{3600};

std::string form_encode(std::string_view value) {
    std::string out;
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (unsigned char c : value) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0xf]);
        }
    }
    return out;
}

}  // namespace

AccessTokenSource::AccessTokenSource(sdk::push::Http2ClientPool& client, const ServiceAccount& account,
                                     std::string token_uri, std::chrono::seconds margin)
    : client_(client),
      signer_(sdk::push::AsymmetricKey::from_pem(account.private_key_pem), sdk::push::JwtSigner::Algorithm::RS256),
      client_email_(account.client_email),
      key_id_(account.private_key_id),
      token_uri_(std::move(token_uri)),
      margin_(margin) {}

std::string AccessTokenSource::assertion(std::chrono::system_clock::time_point now) const {
    int64_t iat = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    nlohmann::json header = {{"alg", "RS256"}, {"typ", "JWT"}};
    if (!key_id_.empty()) header["kid"] = key_id_;
    nlohmann::json claims = {{"iss", client_email_},
                             {"scope", kScope},
                             {"aud", token_uri_},
                             {"iat", iat},
                             {"exp", iat + kAssertionLifetime.count()}};
    return signer_.sign(header.dump(), claims.dump());
}

void AccessTokenSource::acquire(Ready ready) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!token_.empty() && std::chrono::steady_clock::now() < refresh_at_) {
        std::string token = token_;
        lock.unlock();
        ready(&token, nullptr);
        return;
    }
    waiting_.push_back(std::move(ready));
    if (fetching_) return;
    fetching_ = true;
    lock.unlock();
    fetch();
}

void AccessTokenSource::invalidate(const std::string& token) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (token_ == token) token_.clear();
}

void AccessTokenSource::fetch() {
    sdk::push::HttpRequest request;
    request.url = token_uri_;
    request.headers = {"Content-Type: application/x-www-form-urlencoded", "Accept: application/json"};
    request.body = "grant_type=" + form_encode("urn:ietf:params:oauth:grant-type:jwt-bearer") +
                   "&assertion=" + form_encode(assertion(std::chrono::system_clock::now()));
    auto admission = client_.submit(std::move(request), [this](sdk::push::HttpResponse&& r) { finish(std::move(r)); });
    if (admission != sdk::push::Http2Client::Admission::queued) {
        sdk::push::HttpResponse refused;
        refused.error = admission == sdk::push::Http2Client::Admission::stopped ? "stopped" : "queue full";
        finish(std::move(refused));
    }
}

void AccessTokenSource::finish(sdk::push::HttpResponse&& response) {
    std::string token;
    PushOutcome failure;
    nlohmann::json doc = nlohmann::json::parse(response.body, nullptr, false);
    if (response.status == 200 && doc.is_object() && doc.contains("access_token") && doc["access_token"].is_string()) {
        token = doc["access_token"];
        auto lifetime = std::chrono::seconds(doc.value("expires_in", int64_t{3600}));
        // Refreshed `margin` before it expires; a token shorter-lived than twice that, at half its life.
        auto usable = lifetime > 2 * margin_ ? lifetime - margin_ : lifetime / 2;
        std::lock_guard<std::mutex> lock(mutex_);
        token_ = token;
        refresh_at_ = std::chrono::steady_clock::now() + usable;
    } else if (response.status == 0) {
        failure = PushOutcome::retry(0, "oauth token: " + response.error);
    } else {
        std::string reason = doc.is_object() && doc.contains("error") && doc["error"].is_string()
                                 ? doc["error"].get<std::string>()
                                 : "HTTP " + std::to_string(response.status);
        // Never delivered nor rejected: the notification waits for working credentials.
        failure = PushOutcome::retry(response.status, "oauth token: " + reason,
                                     sdk::push::RetryAfter::parse_ms(response.header("retry-after")));
    }
    std::vector<Ready> waiting;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        waiting.swap(waiting_);
        fetching_ = false;
    }
    for (auto& ready : waiting) token.empty() ? ready(nullptr, &failure) : ready(&token, nullptr);
}

}  // namespace switchboard::plugins::push_fcm
