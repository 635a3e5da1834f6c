#include "mqtt_config.hpp"

#include <stdexcept>

#include "switchboard/sdk/error.hpp"
#include "topic_layout.hpp"

namespace switchboard::plugins::transport_mqtt {

namespace {

void check(bool condition, const std::string& message) {
    if (!condition) throw sdk::Error(SB_ERR_BAD_REQUEST, "transport.mqtt: " + message);
}

}  // namespace

MqttConfig MqttConfig::read(const sdk::Host& host) {
    MqttConfig config;
    const std::string url = host.string("url");
    try {
        config.broker = BrokerUrl::parse(url);
    } catch (const std::invalid_argument& e) {
        check(false, std::string("'url': ") + e.what());
    }
    config.client_id = host.string("client_id");
    config.username = host.optional_string("username").value_or("");
    config.password = host.optional_string("password").value_or("");
    config.protocol_version = host.string("protocol") == "3.1.1" ? 4 : 5;
    config.tls_ca_file = host.optional_string("tls.ca_file").value_or("");
    config.tls_cert_file = host.optional_string("tls.cert_file").value_or("");
    config.tls_key_file = host.optional_string("tls.key_file").value_or("");
    config.tls_insecure = host.boolean("tls.insecure");
    config.keepalive = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::milliseconds(host.integer("keepalive")));
    config.topic_prefix = host.string("topic_prefix");
    config.reconnect_min = std::chrono::milliseconds(host.integer("reconnect_min"));
    config.reconnect_max = std::chrono::milliseconds(host.integer("reconnect_max"));
    config.session_idle_timeout = std::chrono::milliseconds(host.integer("session_idle_timeout"));
    config.max_payload = static_cast<size_t>(host.integer("max_payload"));
    config.max_send_queue = static_cast<size_t>(host.integer("max_send_queue"));
    config.max_sessions = static_cast<size_t>(host.integer("max_sessions"));
    config.event_qos = static_cast<int>(host.integer("event_qos"));

    check(!config.client_id.empty(), "'client_id' must not be empty");
    check(config.client_id.find_first_of("/+#") == std::string::npos,
          "'client_id' must not contain '/', '+' or '#', got '" + config.client_id + "'");
    check(config.password.empty() || !config.username.empty(), "'password' is set but 'username' is not");
    check(config.tls_cert_file.empty() == config.tls_key_file.empty(),
          "set both 'tls.cert_file' and 'tls.key_file', or neither");
    const bool tls_options = !config.tls_ca_file.empty() || !config.tls_cert_file.empty() || config.tls_insecure;
    check(config.broker.tls || !tls_options,
          "'tls.*' options are set but 'url' is " + config.broker.to_string() + " (use mqtts:// for TLS)");
    if (auto problem = TopicLayout::prefix_problem(config.topic_prefix)) check(false, "'topic_prefix': " + *problem);
    check(config.reconnect_max >= config.reconnect_min,
          "'reconnect_max' (" + std::to_string(config.reconnect_max.count()) + "ms) must not be shorter than 'reconnect_min' (" +
              std::to_string(config.reconnect_min.count()) + "ms)");
    return config;
}

}  // namespace switchboard::plugins::transport_mqtt
