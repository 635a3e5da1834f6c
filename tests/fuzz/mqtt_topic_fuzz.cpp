// libFuzzer target: what transport.mqtt parses from the broker and its
// configuration — the incoming topic (up to the first newline of the input),
// the status payload and the QoS rule (the rest), the broker URL and the
// topic prefix (the whole input). Any input must be classified or refused,
// never crash, and a classified client id must round-trip.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "broker_url.hpp"
#include "client_status.hpp"
#include "delivery_qos.hpp"
#include "topic_layout.hpp"

using namespace switchboard::plugins::transport_mqtt;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const TopicLayout topics("sb/v1");
    std::string_view input(reinterpret_cast<const char*>(data), size);
    size_t newline = input.find('\n');
    std::string_view topic = input.substr(0, newline);
    std::string_view payload = newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);

    TopicLayout::Inbound inbound = topics.classify(topic);
    if (inbound.kind != TopicLayout::Kind::other) {
        if (inbound.client_id.empty() || inbound.client_id.size() > TopicLayout::kMaxClientIdBytes) std::abort();
        std::string rebuilt = inbound.kind == TopicLayout::Kind::request ? topics.request_topic(inbound.client_id)
                                                                        : topics.status_topic(inbound.client_id);
        if (rebuilt != topic) std::abort();
        TopicLayout::Inbound again = topics.classify(rebuilt);
        if (again.kind != inbound.kind || again.client_id != inbound.client_id) std::abort();
    }
    (void)parse_client_status(payload);
    int qos = delivery_qos(payload, 1);
    if (qos != 0 && qos != 1) std::abort();

    try {
        BrokerUrl url = BrokerUrl::parse(input);
        if (url.host.empty() || url.port < 1 || url.port > 65535) std::abort();
        BrokerUrl again = BrokerUrl::parse(url.to_string());
        if (again.host != url.host || again.port != url.port || again.tls != url.tls) std::abort();
    } catch (const std::invalid_argument&) {
    }
    if (!TopicLayout::prefix_problem(input)) {
        TopicLayout layout{std::string(input)};
        if (layout.classify(layout.request_topic("c")).kind != TopicLayout::Kind::request) std::abort();
    }
    return 0;
}
