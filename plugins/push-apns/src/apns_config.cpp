#include "apns_config.hpp"

#include <fstream>
#include <sstream>

namespace switchboard::plugins::push_apns {

namespace {

std::string base_url(const sdk::Host& host, const char* key) {
    std::string url = host.string(key);
    while (!url.empty() && url.back() == '/') url.pop_back();
    if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0)
        throw sdk::Error(SB_ERR_BAD_REQUEST, std::string(key) + " '" + url + "' is not an http:// or https:// URL");
    return url;
}

}  // namespace

ApnsConfig ApnsConfig::from(const sdk::Host& host) {
    ApnsConfig c;
    std::string key_file = host.string("key_file");
    std::ifstream in(key_file);
    if (!in) throw sdk::Error(SB_ERR_BAD_REQUEST, "key_file '" + key_file + "' cannot be read");
    std::stringstream text;
    text << in.rdbuf();
    c.key_pem = text.str();
    c.key_id = host.string("key_id");
    c.team_id = host.string("team_id");
    c.bundle_id = host.string("bundle_id");
    if (c.key_id.size() != 10 || c.team_id.size() != 10)
        throw sdk::Error(SB_ERR_BAD_REQUEST, "key_id and team_id are Apple's 10-character identifiers, got '" + c.key_id +
                                                 "' and '" + c.team_id + "'");
    c.production_url = base_url(host, "production_url");
    c.sandbox_url = base_url(host, "sandbox_url");
    c.sandbox_by_default = host.string("default_environment") == "sandbox";
    c.token_refresh = std::chrono::seconds(host.integer("token_refresh") / 1000);
    c.client = sdk::push::Http2ClientPool::options_from(host);
    return c;
}

}  // namespace switchboard::plugins::push_apns
