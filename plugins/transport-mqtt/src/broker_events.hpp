#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace switchboard::plugins::transport_mqtt {

// What the broker link reports, always from its own thread, one call at a time.
class BrokerEvents {
public:
    virtual ~BrokerEvents() = default;
    // The broker accepted the connection (again); subscriptions are requested.
    virtual void on_connected() = 0;
    // A message arrived on a subscribed topic; `retained` when the broker
    // replayed it from its retained store rather than forwarding a publish.
    virtual void on_message(std::string_view topic, std::string_view payload, bool retained) = 0;
    // A publish counted against connection `conn` is done with (see BrokerLink::publish).
    virtual void on_acknowledged(uint64_t conn, size_t bytes) = 0;
    // Called at least every 100 ms, connected or not.
    virtual void on_tick() = 0;
};

}  // namespace switchboard::plugins::transport_mqtt
