#include "webpush_config.hpp"

namespace switchboard::plugins::push_webpush {

namespace {

VapidKeys load_keys(const sdk::Host& host) {
    std::string private_key = host.optional_string("vapid_private_key").value_or("");
    std::string public_key = host.optional_string("vapid_public_key").value_or("");
    std::string file = host.optional_string("vapid_private_key_file").value_or("");
    if (!private_key.empty() && !file.empty())
        throw sdk::Error(SB_ERR_BAD_REQUEST, "set vapid_private_key or vapid_private_key_file, not both");
    if (!file.empty()) return VapidKeys::from_pem_file(file);
    if (private_key.empty())
        throw sdk::Error(SB_ERR_BAD_REQUEST,
                         "no VAPID key: set vapid_private_key and vapid_public_key (switchboard-webpush-keys prints a "
                         "new pair) or vapid_private_key_file");
    return VapidKeys::from_base64url(private_key, public_key);
}

}  // namespace

WebPushConfig WebPushConfig::from(const sdk::Host& host) {
    WebPushConfig c{load_keys(host), host.string("subject"), std::chrono::seconds(host.integer("default_ttl") / 1000),
                    sdk::push::Http2ClientPool::options_from(host)};
    if (c.subject.rfind("mailto:", 0) != 0 && c.subject.rfind("https://", 0) != 0)
        throw sdk::Error(SB_ERR_BAD_REQUEST, "subject '" + c.subject + "' is not a mailto: or https: URI");
    return c;
}

}  // namespace switchboard::plugins::push_webpush
