#include "expo_config.hpp"

namespace switchboard::plugins::push_expo {

namespace {

std::string http_url(const sdk::Host& host, const char* key) {
    std::string url = host.string(key);
    if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0)
        throw sdk::Error(SB_ERR_BAD_REQUEST, std::string(key) + " '" + url + "' is not an http:// or https:// URL");
    return url;
}

}  // namespace

ExpoConfig ExpoConfig::from(const sdk::Host& host) {
    ExpoConfig c;
    c.send_url = http_url(host, "url");
    c.receipts_url = http_url(host, "receipts_url");
    c.access_token = host.optional_string("access_token").value_or("");
    c.batch_size = static_cast<size_t>(host.integer("batch_size"));
    c.batch_delay = std::chrono::milliseconds(host.integer("batch_delay"));
    c.receipt_delay = std::chrono::milliseconds(host.integer("receipt_delay"));
    c.client = sdk::push::Http2Client::options_from(host);
    return c;
}

std::vector<std::string> ExpoConfig::headers() const {
    std::vector<std::string> h = {"Content-Type: application/json", "Accept: application/json"};
    if (!access_token.empty()) h.push_back("Authorization: Bearer " + access_token);
    return h;
}

}  // namespace switchboard::plugins::push_expo
