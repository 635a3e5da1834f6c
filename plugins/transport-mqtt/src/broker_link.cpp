#include "broker_link.hpp"

#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <sys/ioctl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "switchboard/sdk/error.hpp"

namespace switchboard::plugins::transport_mqtt {

namespace {

// How long one turn of libmosquitto's loop may wait for the socket: the
// longest delay before a close requested by the kernel is reported.
constexpr int kLoopTimeoutMs = 100;
// QoS 1 messages in flight each way with an MQTT 5 broker: the protocol's maximum.
constexpr int kMaxInFlight = 65535;
// Packets read in one turn before the loop looks at its other work again.
constexpr int kMaxPacketsPerTurn = 1024;
// Where libmosquitto looks for CA certificates when no tls.ca_file is given.
constexpr const char* kSystemCaPath = "/etc/ssl/certs";

void check(int rc, const std::string& what) {
    if (rc != MOSQ_ERR_SUCCESS)
        throw sdk::Error(SB_ERR_BAD_REQUEST, "transport.mqtt: " + what + ": " + mosquitto_strerror(rc));
}

std::string reason_text(int rc) {
    return rc == MOSQ_ERR_ERRNO ? std::string(mosquitto_strerror(rc)) + " (" + std::strerror(errno) + ")"
                                : std::string(mosquitto_strerror(rc));
}

}  // namespace

BrokerLink::BrokerLink(const sdk::Host& host, const MqttConfig& config, std::vector<std::string> filters,
                       BrokerEvents& events)
    : host_(host), config_(config), filters_(std::move(filters)), events_(events), backoff_(config.reconnect_min) {
    static std::once_flag library_initialised;
    std::call_once(library_initialised, [] { mosquitto_lib_init(); });

    mosq_ = mosquitto_new(config_.client_id.c_str(), true, this);
    if (!mosq_) throw sdk::Error(SB_ERR_INTERNAL, "transport.mqtt: cannot create a libmosquitto client");
    try {
        // Other threads publish while this link's thread runs the loop.
        check(mosquitto_threaded_set(mosq_, true), "threaded mode");
        check(mosquitto_int_option(mosq_, MOSQ_OPT_PROTOCOL_VERSION,
                                   config_.protocol_version == 5 ? MQTT_PROTOCOL_V5 : MQTT_PROTOCOL_V311),
              "protocol version");
        check(mosquitto_int_option(mosq_, MOSQ_OPT_TCP_NODELAY, 1), "TCP_NODELAY");
        // The server is one client carrying every session: libmosquitto's
        // default of 20 QoS 1 messages in flight each way would throttle
        // them all to one round trip per 20 messages. Each session's
        // max_send_queue bounds what waits instead.
        if (config_.protocol_version == 5) {
            check(mosquitto_int_option(mosq_, MOSQ_OPT_SEND_MAXIMUM, kMaxInFlight), "send maximum");
            check(mosquitto_int_option(mosq_, MOSQ_OPT_RECEIVE_MAXIMUM, kMaxInFlight), "receive maximum");
        } else {
            check(mosquitto_max_inflight_messages_set(mosq_, 0), "unlimited messages in flight");
        }
        if (!config_.username.empty())
            check(mosquitto_username_pw_set(mosq_, config_.username.c_str(),
                                            config_.password.empty() ? nullptr : config_.password.c_str()),
                  "username/password");
        if (config_.broker.tls) {
            const char* ca_file = config_.tls_ca_file.empty() ? nullptr : config_.tls_ca_file.c_str();
            const char* cert = config_.tls_cert_file.empty() ? nullptr : config_.tls_cert_file.c_str();
            const char* key = config_.tls_key_file.empty() ? nullptr : config_.tls_key_file.c_str();
            check(mosquitto_tls_set(mosq_, ca_file, ca_file ? nullptr : kSystemCaPath, cert, key, nullptr),
                  "TLS files (tls.ca_file '" + config_.tls_ca_file + "', tls.cert_file '" + config_.tls_cert_file +
                      "', tls.key_file '" + config_.tls_key_file + "')");
            if (config_.tls_insecure) {
                check(mosquitto_tls_opts_set(mosq_, 0, nullptr, nullptr), "tls.insecure");
                check(mosquitto_tls_insecure_set(mosq_, true), "tls.insecure");
            }
        }
    } catch (...) {
        mosquitto_destroy(mosq_);
        throw;
    }
    mosquitto_connect_v5_callback_set(mosq_, &BrokerLink::on_connect);
    mosquitto_disconnect_v5_callback_set(mosq_, &BrokerLink::on_disconnect);
    mosquitto_message_v5_callback_set(mosq_, &BrokerLink::on_message);
    mosquitto_publish_v5_callback_set(mosq_, &BrokerLink::on_publish);
    mosquitto_subscribe_v5_callback_set(mosq_, &BrokerLink::on_subscribe);
}

BrokerLink::~BrokerLink() {
    stop(std::chrono::milliseconds(0));
    mosquitto_destroy(mosq_);
}

void BrokerLink::start() {
    if (thread_.joinable()) return;
    stopping_ = false;
    backoff_ = config_.reconnect_min;
    lost_logged_ = false;
    thread_ = std::thread([this] { run(); });
}

void BrokerLink::stop(std::chrono::milliseconds flush_timeout) {
    if (!thread_.joinable()) return;
    {
        // Replies to the last requests are on their way: give the broker a
        // moment to take them before the connection goes.
        std::unique_lock lock(outstanding_mutex_);
        outstanding_drained_.wait_for(lock, flush_timeout, [this] { return outstanding_.empty() || !connected_; });
    }
    stopping_ = true;
    mosquitto_disconnect(mosq_);
    wake_.notify_all();
    thread_.join();
    connected_ = false;
    std::lock_guard lock(outstanding_mutex_);
    outstanding_.clear();
}

bool BrokerLink::publish(const std::string& topic, std::string_view bytes, int qos, uint64_t conn) {
    const bool counted = conn != 0;
    std::unique_lock lock(outstanding_mutex_, std::defer_lock);
    if (counted) lock.lock();
    int mid = 0;
    int rc = mosquitto_publish_v5(mosq_, &mid, topic.c_str(), static_cast<int>(bytes.size()), bytes.data(), qos, false,
                                  nullptr);
    // A QoS 1 message is queued even while disconnected (MOSQ_ERR_NO_CONN)
    // and sent once connected again.
    const bool queued = rc == MOSQ_ERR_SUCCESS || (qos > 0 && rc == MOSQ_ERR_NO_CONN);
    if (queued && counted) outstanding_[mid] = Outstanding{conn, bytes.size(), qos};
    if (!queued && rc != MOSQ_ERR_NO_CONN && host_.log_enabled(SB_LOG_WARN))
        host_.warn("cannot publish " + std::to_string(bytes.size()) + " bytes on " + topic + ": " + reason_text(rc));
    return queued;
}

void BrokerLink::run() {
    // libmosquitto formats every log line it has a callback for, debug
    // lines of each packet included, so the callback is set only while
    // connecting: its errors say why a connection failed.
    mosquitto_log_callback_set(mosq_, &BrokerLink::on_log);
    attempt_connect(true);
    while (!stopping_) {
        if (mosquitto_socket(mosq_) >= 0) {
            int rc = mosquitto_loop(mosq_, kLoopTimeoutMs, 1);
            if (rc == MOSQ_ERR_SUCCESS) rc = read_buffered();
            if (rc != MOSQ_ERR_SUCCESS && !stopping_) {
                connected_ = false;
                if (!lost_logged_)
                    host_.warn("connection to the broker " + config_.broker.to_string() + " lost: " + reason_text(rc) +
                               "; reconnecting");
                lost_logged_ = true;
                next_attempt_ = std::chrono::steady_clock::now() + backoff_;
                backoff_ = std::min(backoff_ * 2, config_.reconnect_max);
                mosquitto_log_callback_set(mosq_, &BrokerLink::on_log);
            }
        } else if (std::chrono::steady_clock::now() >= next_attempt_) {
            attempt_connect(false);
        } else {
            wait_for(std::min(std::chrono::duration_cast<std::chrono::milliseconds>(next_attempt_ -
                                                                                  std::chrono::steady_clock::now()),
                              std::chrono::milliseconds(kLoopTimeoutMs)));
        }
        events_.on_tick();
    }
}

int BrokerLink::read_buffered() {
    // mosquitto_loop reads as many packets per wakeup as it has QoS 1
    // messages queued, and often just one: under load that is a wakeup per
    // request. Read on while the socket holds more, then write the answers
    // (PUBACKs, replies) in one go.
    int rc = MOSQ_ERR_SUCCESS;
    bool read = false;
    for (int packets = 0; packets < kMaxPacketsPerTurn && rc == MOSQ_ERR_SUCCESS; ++packets) {
        const int sock = mosquitto_socket(mosq_);
        int pending = 0;
        if (sock < 0 || ::ioctl(sock, FIONREAD, &pending) != 0 || pending <= 0) break;
        errno = 0;  // libmosquitto stops reading at a stale EAGAIN
        rc = mosquitto_loop_read(mosq_, 1);
        read = true;
    }
    if (rc == MOSQ_ERR_SUCCESS && read && mosquitto_want_write(mosq_)) rc = mosquitto_loop_write(mosq_, 1);
    return rc;
}

void BrokerLink::attempt_connect(bool first) {
    const int keepalive = static_cast<int>(config_.keepalive.count());
    int rc = first ? mosquitto_connect_async(mosq_, config_.broker.host.c_str(), config_.broker.port, keepalive)
                   : mosquitto_reconnect_async(mosq_);
    if (rc == MOSQ_ERR_SUCCESS) return;
    if (!lost_logged_)
        host_.warn("cannot connect to the broker " + config_.broker.to_string() + ": " + reason_text(rc) +
                   "; retrying with backoff up to " + std::to_string(config_.reconnect_max.count()) + "ms");
    lost_logged_ = true;
    next_attempt_ = std::chrono::steady_clock::now() + backoff_;
    backoff_ = std::min(backoff_ * 2, config_.reconnect_max);
}

void BrokerLink::wait_for(std::chrono::milliseconds delay) {
    std::unique_lock lock(wait_mutex_);
    wake_.wait_for(lock, delay, [this] { return stopping_.load(); });
}

void BrokerLink::on_connect(mosquitto* mosq, void* self_ptr, int rc, int, const mosquitto_property*) {
    auto* self = static_cast<BrokerLink*>(self_ptr);
    if (rc != 0) {
        // The loop reports the failure next and the backoff applies.
        self->host_.error("the broker " + self->config_.broker.to_string() + " refused the connection: " +
                          (self->config_.protocol_version == 5 ? mosquitto_reason_string(rc) : mosquitto_connack_string(rc)));
        return;
    }
    std::vector<char*> filters;
    for (const std::string& f : self->filters_) filters.push_back(const_cast<char*>(f.c_str()));
    int sub = mosquitto_subscribe_multiple(mosq, nullptr, static_cast<int>(filters.size()), filters.data(), 1, 0, nullptr);
    if (sub != MOSQ_ERR_SUCCESS) self->host_.error("cannot subscribe: " + reason_text(sub));
    self->backoff_ = self->config_.reconnect_min;
    self->lost_logged_ = false;
    mosquitto_log_callback_set(mosq, nullptr);
    self->connected_ = true;
    self->host_.info("connected to the broker " + self->config_.broker.to_string() + " as '" + self->config_.client_id +
                     "' (MQTT " + (self->config_.protocol_version == 5 ? "5" : "3.1.1") + ")");
    self->events_.on_connected();
}

void BrokerLink::on_disconnect(mosquitto*, void* self_ptr, int, const mosquitto_property*) {
    auto* self = static_cast<BrokerLink*>(self_ptr);
    self->connected_ = false;
    // QoS 0 packets not written yet go with the connection (QoS 1 ones are
    // resent after the reconnect): nothing will report them done.
    std::vector<Outstanding> dropped;
    {
        std::lock_guard lock(self->outstanding_mutex_);
        for (auto it = self->outstanding_.begin(); it != self->outstanding_.end();) {
            if (it->second.qos == 0) {
                dropped.push_back(it->second);
                it = self->outstanding_.erase(it);
            } else {
                ++it;
            }
        }
    }
    self->outstanding_drained_.notify_all();
    for (const Outstanding& o : dropped) self->events_.on_acknowledged(o.conn, o.bytes);
}

void BrokerLink::on_message(mosquitto*, void* self_ptr, const mosquitto_message* message, const mosquitto_property*) {
    auto* self = static_cast<BrokerLink*>(self_ptr);
    std::string_view payload(static_cast<const char*>(message->payload), static_cast<size_t>(message->payloadlen));
    self->events_.on_message(message->topic, payload, message->retain);
}

void BrokerLink::on_publish(mosquitto*, void* self_ptr, int mid, int, const mosquitto_property*) {
    auto* self = static_cast<BrokerLink*>(self_ptr);
    Outstanding done{};
    {
        std::lock_guard lock(self->outstanding_mutex_);
        auto it = self->outstanding_.find(mid);
        if (it == self->outstanding_.end()) return;
        done = it->second;
        self->outstanding_.erase(it);
        if (self->outstanding_.empty()) self->outstanding_drained_.notify_all();
    }
    self->events_.on_acknowledged(done.conn, done.bytes);
}

void BrokerLink::on_log(mosquitto*, void* self_ptr, int level, const char* text) {
    // Only libmosquitto's errors: they say why a connection failed (an
    // OpenSSL verification error, say) where its return codes do not.
    // Once per outage, like the warning it explains.
    auto* self = static_cast<BrokerLink*>(self_ptr);
    if (level != MOSQ_LOG_ERR) return;
    if (!self->lost_logged_) self->host_.warn(std::string("libmosquitto: ") + text);
}

void BrokerLink::on_subscribe(mosquitto*, void* self_ptr, int, int count, const int* granted, const mosquitto_property*) {
    auto* self = static_cast<BrokerLink*>(self_ptr);
    for (int i = 0; i < count && i < static_cast<int>(self->filters_.size()); ++i)
        if (granted[i] > 2)
            self->host_.error("the broker refused the subscription to " + self->filters_[static_cast<size_t>(i)] +
                              " (reason " + std::to_string(granted[i]) + "): check its ACL for user '" +
                              self->config_.username + "'");
}

}  // namespace switchboard::plugins::transport_mqtt
