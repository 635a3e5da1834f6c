#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "event_loop.hpp"
#include "jwt_minter.hpp"
#include "metrics.hpp"
#include "options.hpp"
#include "scenario.hpp"
#include "url.hpp"
#include "websocket_client.hpp"

namespace switchboard::bench {

// Switchboard's JSON envelope over WebSocket, or through an MQTT broker to
// transport.mqtt (--protocol switchboard-mqtt): each connection authenticates
// as user <prefix><i> with a token minted here; direct pairs users 2k and
// 2k+1 in a 1:1 conversation and both send; group puts --group-size
// consecutive users in a group created by its first member, whose first
// --senders-per-group members send.
class ChatScenario final : public Scenario {
public:
    ChatScenario(const Options& options, const Url& url, EventLoop& loop, Metrics& metrics);

    void open(size_t index) override;
    size_t ready() const override { return ready_; }
    size_t failed() const override { return failed_; }
    size_t disconnected() const override { return disconnected_; }
    const std::string& last_close_reason() const override { return last_close_reason_; }

    void begin_setup() override;
    bool setup_done() const override { return setup_remaining_ == 0; }
    const std::string& setup_error() const override { return setup_error_; }

    void send(int64_t now_ns, uint64_t count) override;
    size_t unanswered() const override { return unanswered_sends_; }
    uint64_t fanout() const override;
    std::string describe() const override;
    void close_all() override;

    void on_open(Link& link) override;
    void on_data(Link& link, std::string_view frame) override;
    void on_closed(Link& link, const std::string& reason) override;

private:
    enum class PeerState { connecting, authenticating, ready, closed };
    enum class RequestKind { auth, create, send };

    struct Peer {
        std::unique_ptr<Link> link;
        PeerState state = PeerState::connecting;
        std::string conversation_id;
        bool queued = false;  // has frames waiting for the end of a send batch
    };

    struct Request {
        RequestKind kind;
        size_t peer;
        int64_t send_ns;
        size_t conversation;  // create: the pair or group it makes
    };

    uint64_t request(size_t peer, RequestKind kind, std::string_view op, const std::string& data_json,
                     int64_t now_ns, size_t conversation = 0);
    void send_next_creates();
    void on_slow_frame(size_t index, std::string_view frame, int64_t now_ns);
    void on_response(size_t index, const Request& request, bool ok, const std::string& code,
                     const std::string& conversation_id, int64_t now_ns);
    std::string user(size_t index) const { return options_.user_prefix + std::to_string(index); }
    size_t conversation_count() const;
    std::vector<size_t> members_of(size_t conversation) const;

    const Options& options_;
    const Url& url_;
    EventLoop& loop_;
    Metrics& metrics_;
    JwtMinter minter_;
    std::string run_nonce_;
    std::vector<Peer> peers_;
    std::vector<size_t> senders_;
    size_t next_sender_ = 0;
    std::vector<size_t> batch_;
    std::unordered_map<uint64_t, Request> requests_;
    uint64_t next_request_id_ = 1;
    uint64_t next_message_ = 0;
    size_t unanswered_sends_ = 0;
    size_t ready_ = 0;
    size_t failed_ = 0;
    size_t disconnected_ = 0;
    std::string last_close_reason_;
    size_t next_create_ = 0;
    size_t creates_in_flight_ = 0;
    size_t setup_remaining_ = 0;
    std::string setup_error_;
};

}  // namespace switchboard::bench
