#include "webhook_config.hpp"

namespace switchboard::plugins::push_webhook {

WebhookConfig WebhookConfig::from(const sdk::Host& host) {
    WebhookConfig c;
    c.url = host.string("url");
    if (c.url.rfind("https://", 0) != 0 && c.url.rfind("http://", 0) != 0)
        throw sdk::Error(SB_ERR_BAD_REQUEST, "url '" + c.url + "' is not an http:// or https:// URL");
    c.secret = host.string("secret");
    if (c.secret.size() < 16)
        throw sdk::Error(SB_ERR_BAD_REQUEST, "secret is " + std::to_string(c.secret.size()) +
                                                 " bytes long; use at least 16 (e.g. openssl rand -hex 32)");
    c.client = sdk::push::Http2ClientPool::options_from(host);
    return c;
}

}  // namespace switchboard::plugins::push_webhook
