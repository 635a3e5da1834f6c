#pragma once

#include <string_view>

namespace switchboard::plugins::transport_mqtt {

// The QoS an outgoing envelope is published with (docs/transports.md):
// 0 for the ephemeral events `typing` and `presence`, whose next update
// supersedes a lost one; 1 for responses and every other event.
int delivery_qos(std::string_view envelope);

}  // namespace switchboard::plugins::transport_mqtt
