#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "broker_url.hpp"
#include "switchboard/sdk/host.hpp"

namespace switchboard::plugins::transport_mqtt {

// The plugin's YAML section (declared in plugin.cpp), read and checked once
// when the instance is created.
struct MqttConfig {
    BrokerUrl broker;
    std::string client_id;
    std::string username;  // empty: none
    std::string password;
    int protocol_version = 5;  // 4 (3.1.1) or 5: libmosquitto's MQTT_PROTOCOL_V311 / V5
    std::string tls_ca_file;   // empty: the system's CA certificates
    std::string tls_cert_file;  // both set: a client certificate
    std::string tls_key_file;
    bool tls_insecure = false;
    std::chrono::seconds keepalive{};
    std::string topic_prefix;
    std::chrono::milliseconds reconnect_min{};
    std::chrono::milliseconds reconnect_max{};
    std::chrono::milliseconds session_idle_timeout{};
    size_t max_payload = 0;
    size_t max_send_queue = 0;
    size_t max_sessions = 0;
    int event_qos = 1;  // of events but typing and presence (always 0)

    // Throws sdk::Error(SB_ERR_BAD_REQUEST) for an inconsistent section.
    static MqttConfig read(const sdk::Host& host);
};

}  // namespace switchboard::plugins::transport_mqtt
