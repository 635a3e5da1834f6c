// The plugin's entry point and its declared options (validated by the host
// against the YAML section, printed by `switchboard --describe-plugin`).
#include "switchboard/sdk/plugin.hpp"

#include "mqtt_transport.hpp"

namespace {

using switchboard::sdk::option;

constexpr int64_t kSecond = 1000;
constexpr int64_t kDay = 86'400 * kSecond;
constexpr int64_t kGiB = int64_t{1} << 30;
// MQTT's largest packet is 256 MiB; a payload must leave room for the topic.
constexpr int64_t kMaxMqttPayload = 255 * (int64_t{1} << 20);

const sb_option kOptions[] = {
    option("url", SB_OPT_STRING, "mqtt://127.0.0.1:1883", false,
           "The broker: mqtt://HOST[:PORT] (port 1883) or mqtts://HOST[:PORT] (TLS, port 8883)"),
    option("client_id", SB_OPT_STRING, "switchboard", false,
           "The server's own MQTT client id (unique on the broker; one server, one id)"),
    option("username", SB_OPT_STRING, nullptr, false, "User name for the broker, if it wants one"),
    option("password", SB_OPT_STRING, nullptr, false, "Password for the broker (with username)"),
    option("protocol", SB_OPT_STRING, "5", false, "MQTT version spoken with the broker", 0, 0, "3.1.1|5"),
    option("tls.ca_file", SB_OPT_STRING, nullptr, false,
           "PEM CA certificate(s) the broker's certificate must chain to (mqtts://); default: the system's"),
    option("tls.cert_file", SB_OPT_STRING, nullptr, false, "PEM client certificate (with tls.key_file), if the broker asks"),
    option("tls.key_file", SB_OPT_STRING, nullptr, false, "PEM private key of tls.cert_file"),
    option("tls.insecure", SB_OPT_BOOL, "false", false,
           "Do not verify the broker's certificate or host name (tests only: anyone in the path can listen)"),
    option("keepalive", SB_OPT_DURATION, "30s", false,
           "MQTT keepalive: ping the broker after this long without traffic; a dead link is noticed after 1.5x",
           5 * kSecond, 65'535 * kSecond),
    option("topic_prefix", SB_OPT_STRING, "sb/v1", false,
           "Topics are PREFIX/req/{client_id}, PREFIX/res/{client_id} and PREFIX/status/{client_id}"),
    option("reconnect_min", SB_OPT_DURATION, "500ms", false,
           "First delay before reconnecting to the broker; it doubles after each failed attempt", 100, kDay),
    option("reconnect_max", SB_OPT_DURATION, "30s", false, "Longest delay between reconnection attempts", 100, kDay),
    option("session_idle_timeout", SB_OPT_DURATION, "120s", false,
           "A client that sends nothing (no request, no 'online' on its status topic) this long loses its session",
           kSecond, kDay),
    option("max_payload", SB_OPT_SIZE, "256KiB", false,
           "Largest request; a bigger one is answered too_large without reaching the kernel", 1, kMaxMqttPayload),
    option("max_send_queue", SB_OPT_SIZE, "4MiB", false,
           "Bytes of QoS 1 messages to one client the broker has not acknowledged yet; beyond it the session is cut off",
           1024, kGiB),
    option("event_qos", SB_OPT_INT, "1", false,
           "QoS of events other than typing and presence (those are 0): 1 delivers them at least once to a "
           "subscribed client; 0 halves the broker traffic, and a client that misses one finds it in the history",
           0, 1),
    option("max_sessions", SB_OPT_INT, "20000", false,
           "Concurrent MQTT sessions; a new client beyond it is answered unavailable", 1, 10'000'000),
};

}  // namespace

SB_DECLARE_PLUGIN(switchboard::plugins::transport_mqtt::MqttTransport, "transport.mqtt", "1.0.0",
                  "MQTT transport: clients reach the server through an MQTT broker (libmosquitto)", kOptions)
