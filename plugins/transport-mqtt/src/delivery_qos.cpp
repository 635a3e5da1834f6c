#include "delivery_qos.hpp"

namespace switchboard::plugins::transport_mqtt {

int delivery_qos(std::string_view envelope, int event_qos) {
    // The kernel writes events as {"event":"NAME",… (EnvelopeWriter), so the
    // name is read at a fixed place instead of parsing the JSON.
    constexpr std::string_view kEvent = R"({"event":")";
    if (!envelope.starts_with(kEvent)) return 1;
    envelope.remove_prefix(kEvent.size());
    return envelope.starts_with(R"(typing")") || envelope.starts_with(R"(presence")") ? 0 : event_qos;
}

}  // namespace switchboard::plugins::transport_mqtt
