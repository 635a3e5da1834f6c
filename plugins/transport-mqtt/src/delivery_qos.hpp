#pragma once

#include <string_view>

namespace switchboard::plugins::transport_mqtt {

// The QoS an outgoing envelope is published with (docs/transports.md):
// 1 for responses; 0 for the ephemeral events `typing` and `presence`,
// whose next update supersedes a lost one; `event_qos` (the plugin's
// option, 1 by default) for every other event.
int delivery_qos(std::string_view envelope, int event_qos);

}  // namespace switchboard::plugins::transport_mqtt
