#include "mqtt_transport.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "client_status.hpp"
#include "delivery_qos.hpp"

namespace switchboard::plugins::transport_mqtt {

namespace {

// How long stop() waits for the broker to acknowledge the last replies.
constexpr std::chrono::milliseconds kFlushTimeout{1000};
// Idle sessions are looked for this often (or every quarter of the timeout when shorter).
constexpr int64_t kIdleSweepMs = 1000;

// Invalid UTF-8 in a reason becomes U+FFFD rather than an unparsable frame.
std::string json_text(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

MqttTransport::MqttTransport(const sdk::Host& host)
    : host_(host),
      config_(MqttConfig::read(host)),
      topics_(config_.topic_prefix),
      sessions_(config_.max_send_queue),
      link_(host, config_, {topics_.request_filter(), topics_.status_filter()}, *this) {}

MqttTransport::~MqttTransport() { stop(); }

void MqttTransport::start() {
    accepting_ = true;
    link_.start();
}

void MqttTransport::stop() {
    accepting_ = false;
    link_.stop(kFlushTimeout);
    // The link thread is gone: report every session from here.
    for (uint64_t conn : sessions_.take_all()) host_.conn_closed(conn);
}

sb_status MqttTransport::send(uint64_t conn, sb_payload* payload) {
    if (payload == nullptr) return SB_ERR_BAD_REQUEST;
    std::string_view bytes = host_.payload_bytes(payload);
    const int qos = delivery_qos(bytes, config_.event_qos);
    SessionTable::Reservation reservation = sessions_.reserve(conn, bytes.size());
    if (reservation.status == SB_ERR_BUSY) {
        host_.warn("MQTT client '" + reservation.client_id + "' cut off: more than " +
                   std::to_string(config_.max_send_queue) + " bytes waiting for the broker");
        return SB_ERR_BUSY;
    }
    if (reservation.status != SB_OK) return reservation.status;
    // A QoS 0 event that cannot go out now (no broker) is dropped: its next
    // update supersedes it, or the client's catch-up finds it.
    if (!link_.publish(reservation.topic, bytes, qos, conn)) sessions_.release(conn, bytes.size());
    return SB_OK;
}

void MqttTransport::close(uint64_t conn, uint32_t code, std::string_view reason) {
    std::optional<std::string> topic = sessions_.request_close(conn);
    if (!topic) return;
    // MQTT has no connection to close: the client learns that its session
    // ended, after everything already published to it.
    std::string event =
        json_text({{"event", "session.closed"}, {"data", {{"code", code}, {"reason", std::string(reason)}}}});
    link_.publish(*topic, event, 1, 0);
}

void MqttTransport::on_connected() {
    host_.debug("subscribed to " + topics_.request_filter() + " and " + topics_.status_filter());
}

void MqttTransport::on_message(std::string_view topic, std::string_view payload, bool retained) {
    TopicLayout::Inbound inbound = topics_.classify(topic);
    if (inbound.kind == TopicLayout::Kind::other) {
        if (host_.log_enabled(SB_LOG_DEBUG)) host_.debug("ignored a message on " + std::string(topic));
        return;
    }
    // A retained message is old news replayed on every (re)subscription.
    if (retained) {
        if (host_.log_enabled(SB_LOG_DEBUG)) host_.debug("ignored a retained message on " + std::string(topic));
        return;
    }
    if (inbound.kind == TopicLayout::Kind::request) return handle_request(inbound.client_id, payload);
    handle_status(inbound.client_id, payload);
}

void MqttTransport::handle_request(std::string_view client_id, std::string_view payload) {
    if (payload.size() > config_.max_payload)
        return reply_error(client_id, "too_large",
                           "message of " + std::to_string(payload.size()) + " bytes exceeds the limit of " +
                               std::to_string(config_.max_payload) + " bytes");
    std::optional<uint64_t> conn = sessions_.touch(client_id, now_ms());
    if (!conn) {
        if (!accepting_) return reply_error(client_id, "unavailable", "the server is shutting down");
        if (sessions_.size() >= config_.max_sessions)
            return reply_error(client_id, "unavailable",
                               "too many MQTT sessions (max_sessions " + std::to_string(config_.max_sessions) + ")");
        sb_conn_info info{};
        info.struct_size = sizeof(info);
        const std::string remote = "mqtt:" + std::string(client_id);
        info.remote_address = sdk::to_sb(remote);
        info.user_agent = sdk::to_sb("mqtt");
        const uint64_t opened = host_.conn_open(info);
        if (opened == 0) return reply_error(client_id, "unavailable", "the server is shutting down");
        sessions_.add(opened, std::string(client_id), topics_.response_topic(client_id), now_ms());
        if (host_.log_enabled(SB_LOG_DEBUG))
            host_.debug("MQTT client '" + std::string(client_id) + "' opened session " + std::to_string(opened));
        conn = opened;
    }
    host_.conn_receive(*conn, payload);
}

void MqttTransport::handle_status(std::string_view client_id, std::string_view payload) {
    switch (parse_client_status(payload)) {
        case ClientStatus::online:
            sessions_.touch(client_id, now_ms());
            break;
        case ClientStatus::offline:
            if (std::optional<uint64_t> conn = sessions_.remove_client(client_id)) {
                if (host_.log_enabled(SB_LOG_DEBUG))
                    host_.debug("MQTT client '" + std::string(client_id) + "' went offline: session " +
                                std::to_string(*conn) + " ends");
                host_.conn_closed(*conn);
            }
            break;
        case ClientStatus::unknown:
            if (host_.log_enabled(SB_LOG_DEBUG))
                host_.debug("ignored a status of MQTT client '" + std::string(client_id) +
                            "' that is neither online nor offline");
            break;
    }
}

void MqttTransport::on_acknowledged(uint64_t conn, size_t bytes) { sessions_.release(conn, bytes); }

void MqttTransport::on_tick() {
    for (uint64_t conn : sessions_.take_closed()) host_.conn_closed(conn);
    const int64_t now = now_ms();
    if (now < next_idle_sweep_ms_) return;
    const int64_t idle_ms = config_.session_idle_timeout.count();
    next_idle_sweep_ms_ = now + std::min(kIdleSweepMs, std::max<int64_t>(idle_ms / 4, 1));
    for (const auto& [client_id, conn] : sessions_.take_idle(now - idle_ms)) {
        if (host_.log_enabled(SB_LOG_DEBUG))
            host_.debug("MQTT client '" + client_id + "' silent for " + std::to_string(idle_ms) + "ms: session " +
                        std::to_string(conn) + " ends");
        host_.conn_closed(conn);
    }
}

void MqttTransport::reply_error(std::string_view client_id, std::string_view code, std::string_view message) {
    std::string envelope = json_text(
        {{"id", nullptr}, {"ok", false}, {"error", {{"code", std::string(code)}, {"message", std::string(message)}}}});
    link_.publish(topics_.response_topic(client_id), envelope, 1, 0);
}

int64_t MqttTransport::now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace switchboard::plugins::transport_mqtt
