#include "fcm_config.hpp"

namespace switchboard::plugins::push_fcm {

namespace {

std::string without_trailing_slash(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

void require_http_url(const std::string& key, const std::string& url) {
    if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0)
        throw sdk::Error(SB_ERR_BAD_REQUEST, key + " '" + url + "' is not an http:// or https:// URL");
}

}  // namespace

FcmConfig FcmConfig::from(const sdk::Host& host) {
    FcmConfig c;
    c.account = ServiceAccount::load(host.string("service_account_file"));
    c.project_id = host.optional_string("project_id").value_or("");
    if (c.project_id.empty()) c.project_id = c.account.project_id;
    if (c.project_id.empty())
        throw sdk::Error(SB_ERR_BAD_REQUEST, "no project_id: set it, or use a service account file that has one");
    c.endpoint = without_trailing_slash(host.string("endpoint"));
    require_http_url("endpoint", c.endpoint);
    c.token_uri = host.optional_string("token_uri").value_or("");
    if (c.token_uri.empty()) c.token_uri = c.account.token_uri;
    if (c.token_uri.empty()) c.token_uri = "https://oauth2.googleapis.com/token";
    require_http_url("token_uri", c.token_uri);
    c.token_refresh_margin = std::chrono::seconds(host.integer("token_refresh_margin") / 1000);
    c.client = sdk::push::Http2ClientPool::options_from(host);
    return c;
}

}  // namespace switchboard::plugins::push_fcm
