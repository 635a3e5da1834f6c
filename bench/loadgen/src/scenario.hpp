#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "link.hpp"

namespace switchboard::bench {

// What one protocol does in the phases LoadRunner drives: open and
// authenticate connections, set up who talks to whom, send paced messages.
class Scenario : public LinkListener {
public:
    virtual ~Scenario() = default;

    // Creates connection `index` and starts connecting it.
    virtual void open(size_t index) = 0;
    // Connections authenticated (Switchboard) or accepted (MQTT CONNACK).
    virtual size_t ready() const = 0;
    // Connections that failed before they were ready.
    virtual size_t failed() const = 0;
    // Ready connections lost later.
    virtual size_t disconnected() const = 0;
    // Why the last connection failed or was lost.
    virtual const std::string& last_close_reason() const = 0;

    virtual void begin_setup() = 0;
    virtual bool setup_done() const = 0;
    // Non-empty once setup cannot finish.
    virtual const std::string& setup_error() const = 0;

    // Sends `count` messages that fell due at now_ns.
    virtual void send(int64_t now_ns, uint64_t count) = 0;
    // Messages sent and not answered yet.
    virtual size_t unanswered() const = 0;
    // Deliveries one acknowledged message makes.
    virtual uint64_t fanout() const = 0;
    // One line saying what runs, for the report.
    virtual std::string describe() const = 0;

    virtual void close_all() = 0;
};

}  // namespace switchboard::bench
