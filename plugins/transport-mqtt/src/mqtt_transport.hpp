#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "broker_events.hpp"
#include "broker_link.hpp"
#include "mqtt_config.hpp"
#include "session_table.hpp"
#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/transport.hpp"
#include "topic_layout.hpp"

namespace switchboard::plugins::transport_mqtt {

// The transport.mqtt plugin instance. Each MQTT client id is one Switchboard
// session: it opens with the client's first request on {prefix}/req/{id} and
// ends when the client says `offline` on {prefix}/status/{id} (its last
// will), stays silent for session_idle_timeout, overflows its send queue, or
// the kernel closes it. Responses and events go to {prefix}/res/{id}.
class MqttTransport : public sdk::TransportPlugin<MqttTransport>, private BrokerEvents {
public:
    explicit MqttTransport(const sdk::Host& host);
    ~MqttTransport() override;

    // Control thread.
    void start();
    void stop();

    // Any thread; never block.
    sb_status send(uint64_t conn, sb_payload* payload);
    void close(uint64_t conn, uint32_t code, std::string_view reason);

private:
    // BrokerEvents, on the link thread.
    void on_connected() override;
    void on_message(std::string_view topic, std::string_view payload, bool retained) override;
    void on_acknowledged(uint64_t conn, size_t bytes) override;
    void on_tick() override;

    void handle_request(std::string_view client_id, std::string_view payload);
    void handle_status(std::string_view client_id, std::string_view payload);
    // An error envelope (id null) straight to the client, without a session.
    void reply_error(std::string_view client_id, std::string_view code, std::string_view message);
    static int64_t now_ms();

    sdk::Host host_;
    const MqttConfig config_;
    const TopicLayout topics_;
    SessionTable sessions_;
    BrokerLink link_;
    std::atomic<bool> accepting_{false};
    int64_t next_idle_sweep_ms_ = 0;
};

}  // namespace switchboard::plugins::transport_mqtt
