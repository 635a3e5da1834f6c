#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "broker_events.hpp"
#include "mqtt_config.hpp"
#include "switchboard/sdk/host.hpp"

struct mosquitto;
struct mosquitto_message;
typedef struct mqtt5__property mosquitto_property;

namespace switchboard::plugins::transport_mqtt {

// The plugin's one connection to the broker, through libmosquitto. A thread
// of its own (start() to stop()) drives libmosquitto's network loop,
// connects, reconnects after a loss with exponential backoff
// (reconnect_min doubling up to reconnect_max), subscribes to `filters` at
// QoS 1 after every connect, and reports to `events`. publish() may be
// called from any thread (libmosquitto in threaded mode queues it and wakes
// the loop); QoS 1 publishes stay queued across a reconnect and are resent.
class BrokerLink {
public:
    // Configures the client (TLS files are checked here); throws sdk::Error.
    BrokerLink(const sdk::Host& host, const MqttConfig& config, std::vector<std::string> filters, BrokerEvents& events);
    ~BrokerLink();
    BrokerLink(const BrokerLink&) = delete;
    BrokerLink& operator=(const BrokerLink&) = delete;

    // Control thread. start() returns at once; the first connect happens in
    // the background (a broker that is down is retried, not fatal).
    void start();
    // Waits up to `flush_timeout` for outstanding QoS 1 publishes to be
    // acknowledged, disconnects and joins the thread. Idempotent.
    void stop(std::chrono::milliseconds flush_timeout);

    // Any thread. Publishes `bytes` on `topic`; with `conn` non-zero,
    // on_acknowledged(conn, bytes.size()) reports when it is done: a QoS 1
    // message acknowledged by the broker, a QoS 0 one written to the socket
    // or dropped with the connection. false when libmosquitto refused it (a
    // QoS 0 message while disconnected, an oversized payload): nothing will
    // be reported.
    bool publish(const std::string& topic, std::string_view bytes, int qos, uint64_t conn);

private:
    struct Outstanding {
        uint64_t conn;
        size_t bytes;
        int qos;
    };

    void run();
    // Reads the packets already waiting on the socket; a libmosquitto status.
    int read_buffered();
    void attempt_connect(bool first);
    void wait_for(std::chrono::milliseconds delay);

    static void on_connect(mosquitto*, void* self, int rc, int flags, const mosquitto_property*);
    static void on_disconnect(mosquitto*, void* self, int rc, const mosquitto_property*);
    static void on_message(mosquitto*, void* self, const mosquitto_message* message, const mosquitto_property*);
    static void on_publish(mosquitto*, void* self, int mid, int reason_code, const mosquitto_property*);
    static void on_subscribe(mosquitto*, void* self, int mid, int count, const int* granted, const mosquitto_property*);
    static void on_log(mosquitto*, void* self, int level, const char* text);

    sdk::Host host_;
    const MqttConfig& config_;
    const std::vector<std::string> filters_;
    BrokerEvents& events_;
    mosquitto* mosq_ = nullptr;
    std::thread thread_;
    std::atomic<bool> stopping_{false};
    std::atomic<bool> connected_{false};
    std::chrono::milliseconds backoff_{};
    std::chrono::steady_clock::time_point next_attempt_{};
    std::atomic<bool> lost_logged_{false};  // one warning per outage, not one per failed attempt

    // Held across mosquitto_publish and the recording of its message id, so
    // the acknowledgement (on the link thread) always finds the record.
    std::mutex outstanding_mutex_;
    std::condition_variable outstanding_drained_;
    std::unordered_map<int, Outstanding> outstanding_;
    std::mutex wait_mutex_;
    std::condition_variable wake_;
};

}  // namespace switchboard::plugins::transport_mqtt
