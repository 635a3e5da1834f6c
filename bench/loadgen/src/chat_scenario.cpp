#include "chat_scenario.hpp"

#include <nlohmann/json.hpp>
#include <openssl/rand.h>

#include <ctime>

#include "bench_body.hpp"
#include "envelope_scan.hpp"
#include "monotonic_clock.hpp"
#include "mqtt_envelope_link.hpp"

namespace switchboard::bench {

namespace {

constexpr size_t kCreatesInFlight = 32;
constexpr int64_t kTokenLifetimeS = 3600;

std::string random_nonce() {
    unsigned char bytes[4];
    RAND_bytes(bytes, sizeof(bytes));
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char b : bytes) {
        out += kHex[b >> 4];
        out += kHex[b & 15];
    }
    return out;
}

bool safe_in_json_string(const std::string& text) {
    for (char c : text)
        if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return false;
    return true;
}

}  // namespace

ChatScenario::ChatScenario(const Options& options, const Url& url, EventLoop& loop, Metrics& metrics)
    : options_(options),
      url_(url),
      loop_(loop),
      metrics_(metrics),
      minter_(options.jwt_secret, "switchboard", "switchboard"),
      // Distinguishes this run's client_msg_ids from an earlier run's against
      // the same server, which would be answered as duplicates.
      run_nonce_(random_nonce()),
      peers_(options.connections) {}

void ChatScenario::open(size_t index) {
    Peer& peer = peers_[index];
    if (options_.protocol == "switchboard-mqtt")
        peer.link = std::make_unique<MqttEnvelopeLink>(index, loop_, *this, user(index) + "-" + run_nonce_,
                                                       options_.mqtt_topic_prefix);
    else
        peer.link = std::make_unique<WebSocketClient>(index, loop_, *this, "", WebSocketOpcode::text);
    peer.link->connect(url_);
}

uint64_t ChatScenario::request(size_t peer, RequestKind kind, std::string_view op, const std::string& data_json,
                               int64_t now_ns, size_t conversation) {
    uint64_t id = next_request_id_++;
    requests_.emplace(id, Request{kind, peer, now_ns, conversation});
    std::string frame = "{\"id\":" + std::to_string(id) + ",\"op\":\"" + std::string(op) + "\",\"data\":" + data_json + "}";
    peers_[peer].link->send(frame);
    return id;
}

void ChatScenario::on_open(Link& link) {
    Peer& peer = peers_[link.index()];
    peer.state = PeerState::authenticating;
    std::string token = minter_.mint(user(link.index()), static_cast<int64_t>(std::time(nullptr)), kTokenLifetimeS);
    request(link.index(), RequestKind::auth, "auth", nlohmann::json{{"token", token}}.dump(), monotonic_ns());
}

size_t ChatScenario::conversation_count() const {
    if (options_.scenario == "direct") return peers_.size() / 2;
    if (options_.scenario == "group") return peers_.size() / options_.group_size;
    return 0;
}

std::vector<size_t> ChatScenario::members_of(size_t conversation) const {
    size_t size = options_.scenario == "direct" ? 2 : options_.group_size;
    std::vector<size_t> members;
    for (size_t i = 0; i < size; ++i) members.push_back(conversation * size + i);
    return members;
}

uint64_t ChatScenario::fanout() const {
    if (options_.scenario == "direct") return 1;
    if (options_.scenario == "group") return options_.group_size - 1;
    return 0;
}

std::string ChatScenario::describe() const {
    std::string out = "switchboard " + options_.scenario + ": " + std::to_string(peers_.size()) + " connections" +
                      (options_.protocol == "switchboard-mqtt" ? " through an MQTT broker (transport.mqtt)" : "");
    if (options_.scenario == "direct")
        out += ", " + std::to_string(conversation_count()) + " direct conversations, both sides send";
    if (options_.scenario == "group")
        out += ", " + std::to_string(conversation_count()) + " groups of " + std::to_string(options_.group_size) +
               ", " + std::to_string(options_.senders_per_group) + " senders each";
    return out;
}

void ChatScenario::begin_setup() {
    size_t conversations = conversation_count();
    setup_remaining_ = conversations;
    if (options_.scenario == "direct") {
        // Creators first, then their peers: consecutive sends go to
        // different conversations, and each message comes from one side.
        for (size_t c = 0; c < conversations; ++c) senders_.push_back(2 * c);
        for (size_t c = 0; c < conversations; ++c) senders_.push_back(2 * c + 1);
    } else if (options_.scenario == "group") {
        for (size_t s = 0; s < options_.senders_per_group; ++s)
            for (size_t g = 0; g < conversations; ++g) senders_.push_back(g * options_.group_size + s);
    }
    send_next_creates();
}

void ChatScenario::send_next_creates() {
    size_t conversations = conversation_count();
    while (creates_in_flight_ < kCreatesInFlight && next_create_ < conversations) {
        size_t conversation = next_create_++;
        std::vector<size_t> members = members_of(conversation);
        size_t creator = members.front();
        if (peers_[creator].state != PeerState::ready) {
            setup_error_ = "the creator of conversation " + std::to_string(conversation) + " (" + user(creator) +
                           ") is not connected";
            return;
        }
        nlohmann::json others = nlohmann::json::array();
        for (size_t i = 1; i < members.size(); ++i) others.push_back(user(members[i]));
        nlohmann::json data{{"type", options_.scenario == "direct" ? "direct" : "group"}, {"members", others}};
        if (options_.scenario == "group") data["title"] = "bench group " + std::to_string(conversation);
        ++creates_in_flight_;
        request(creator, RequestKind::create, "conversation.create", data.dump(), monotonic_ns(), conversation);
    }
}

void ChatScenario::send(int64_t now_ns, uint64_t count) {
    std::string frame;
    for (uint64_t n = 0; n < count; ++n) {
        size_t tries = 0;
        while (tries < senders_.size() && peers_[senders_[next_sender_]].state != PeerState::ready) {
            next_sender_ = (next_sender_ + 1) % senders_.size();
            ++tries;
        }
        if (tries == senders_.size()) {
            metrics_.on_error("no_connected_sender");
            break;
        }
        size_t index = senders_[next_sender_];
        next_sender_ = (next_sender_ + 1) % senders_.size();
        Peer& peer = peers_[index];
        uint64_t id = next_request_id_++;
        uint64_t sequence = next_message_++;
        frame.clear();
        frame += "{\"id\":";
        frame += std::to_string(id);
        frame += ",\"op\":\"message.send\",\"data\":{\"conversation_id\":\"";
        frame += peer.conversation_id;
        frame += "\",\"client_msg_id\":\"";
        frame += run_nonce_;
        frame += '-';
        frame += std::to_string(sequence);
        frame += "\",\"body\":\"";
        frame += BenchBody::make(now_ns, sequence, options_.body_bytes);
        frame += "\"}}";
        requests_.emplace(id, Request{RequestKind::send, index, now_ns, 0});
        ++unanswered_sends_;
        metrics_.on_sent();
        peer.link->queue(frame);
        if (!peer.queued) {
            peer.queued = true;
            batch_.push_back(index);
        }
    }
    for (size_t index : batch_) {
        peers_[index].queued = false;
        peers_[index].link->flush();
    }
    batch_.clear();
}

void ChatScenario::on_data(Link& link, std::string_view frame) {
    int64_t now = monotonic_ns();
    EnvelopeScan scan = EnvelopeScan::of(frame);
    if (scan.kind == EnvelopeScan::Kind::event) {
        if (scan.event == "message.new") {
            if (auto sent = BenchBody::send_time(frame)) metrics_.on_delivered(*sent, now);
        }
        return;
    }
    if (scan.kind == EnvelopeScan::Kind::response && scan.ok) {
        auto it = requests_.find(scan.id);
        if (it != requests_.end() && it->second.kind == RequestKind::send) {
            metrics_.on_acked(it->second.send_ns, now);
            metrics_.expect_deliveries(fanout());
            --unanswered_sends_;
            requests_.erase(it);
            return;
        }
    }
    on_slow_frame(link.index(), frame, now);
}

void ChatScenario::on_slow_frame(size_t index, std::string_view frame, int64_t now_ns) {
    nlohmann::json envelope = nlohmann::json::parse(frame, nullptr, false);
    if (envelope.is_discarded() || !envelope.is_object()) return metrics_.on_error("unparsable_frame");
    if (envelope.contains("event")) {
        if (envelope["event"] == "message.new") {
            if (auto sent = BenchBody::send_time(frame)) metrics_.on_delivered(*sent, now_ns);
        }
        return;
    }
    if (!envelope.contains("id") || !envelope["id"].is_number_unsigned()) return metrics_.on_error("frame_without_id");
    auto it = requests_.find(envelope["id"].get<uint64_t>());
    if (it == requests_.end()) return metrics_.on_error("unexpected_response");
    Request request = it->second;
    requests_.erase(it);
    bool ok = envelope.value("ok", false);
    std::string code;
    if (!ok) {
        const nlohmann::json& error = envelope["error"];
        code = error.is_object() ? error.value("code", "no_code") : "no_code";
        if (request.kind != RequestKind::send && error.is_object()) code += ": " + error.value("message", "");
    }
    std::string conversation_id;
    if (ok && envelope.contains("data") && envelope["data"].is_object())
        conversation_id = envelope["data"].value("conversation_id", "");
    on_response(index, request, ok, code, conversation_id, now_ns);
}

void ChatScenario::on_response(size_t index, const Request& request, bool ok, const std::string& code,
                               const std::string& conversation_id, int64_t now_ns) {
    Peer& peer = peers_[index];
    switch (request.kind) {
        case RequestKind::auth:
            if (ok) {
                peer.state = PeerState::ready;
                ++ready_;
            } else {
                ++failed_;
                last_close_reason_ = "auth refused: " + code;
                peer.state = PeerState::closed;
                peer.link->close();
            }
            return;
        case RequestKind::create:
            --creates_in_flight_;
            if (!ok) {
                setup_error_ = "conversation.create failed: " + code;
                return;
            }
            if (conversation_id.empty() || !safe_in_json_string(conversation_id)) {
                setup_error_ = "conversation.create answered without a usable conversation_id";
                return;
            }
            for (size_t member : members_of(request.conversation)) peers_[member].conversation_id = conversation_id;
            --setup_remaining_;
            send_next_creates();
            return;
        case RequestKind::send:
            --unanswered_sends_;
            if (ok) {
                metrics_.on_acked(request.send_ns, now_ns);
                metrics_.expect_deliveries(fanout());
            } else {
                metrics_.on_error(code);
            }
            return;
    }
}

void ChatScenario::on_closed(Link& link, const std::string& reason) {
    Peer& peer = peers_[link.index()];
    if (peer.state == PeerState::ready) {
        ++disconnected_;
        metrics_.on_error("disconnected");
    } else if (peer.state != PeerState::closed) {
        ++failed_;
    }
    peer.state = PeerState::closed;
    last_close_reason_ = user(link.index()) + ": " + reason;
    for (auto it = requests_.begin(); it != requests_.end();) {
        if (it->second.peer != link.index()) {
            ++it;
            continue;
        }
        if (it->second.kind == RequestKind::send) {
            --unanswered_sends_;
            metrics_.on_error("unanswered_at_disconnect");
        } else if (it->second.kind == RequestKind::create) {
            setup_error_ = "the creator " + user(link.index()) + " disconnected: " + reason;
        }
        it = requests_.erase(it);
    }
}

void ChatScenario::close_all() {
    for (Peer& peer : peers_) {
        if (peer.link) peer.link->close();
        peer.state = PeerState::closed;
    }
}

}  // namespace switchboard::bench
