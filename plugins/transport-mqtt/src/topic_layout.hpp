#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace switchboard::plugins::transport_mqtt {

// The topics clients and the plugin share (docs/transports.md):
//   {prefix}/req/{client_id}     client → server: request envelopes
//   {prefix}/res/{client_id}     server → client: responses and events
//   {prefix}/status/{client_id}  client (or its last will) → server: "online" / "offline"
// {client_id} is one topic level: the MQTT client id, which a broker ACL
// (`pattern … %c`) ties to the publishing client.
class TopicLayout {
public:
    // What an incoming topic is about.
    enum class Kind { request, status, other };
    struct Inbound {
        Kind kind = Kind::other;
        std::string_view client_id;  // a view into the classified topic
    };

    // Longest client id taken from a topic (longer ones are ignored).
    static constexpr size_t kMaxClientIdBytes = 256;

    // Throws std::invalid_argument when `prefix` is not a usable topic prefix.
    explicit TopicLayout(std::string prefix);
    // Why `prefix` cannot be a topic prefix, or nullopt when it can.
    static std::optional<std::string> prefix_problem(std::string_view prefix);

    const std::string& prefix() const noexcept { return prefix_; }
    std::string request_filter() const { return prefix_ + "/req/+"; }
    std::string status_filter() const { return prefix_ + "/status/+"; }
    std::string request_topic(std::string_view client_id) const;
    std::string response_topic(std::string_view client_id) const;
    std::string status_topic(std::string_view client_id) const;

    // A request or status topic with a usable client id (non-empty, at most
    // kMaxClientIdBytes, no wildcard characters); anything else is `other`.
    Inbound classify(std::string_view topic) const;

private:
    std::string prefix_;
};

}  // namespace switchboard::plugins::transport_mqtt
