#pragma once

#include <cstdint>
#include <string_view>

namespace switchboard::bench {

// A quick look at a Switchboard envelope without parsing it: enough to
// count a message.send ack or a message.new delivery at hundreds of thousands
// per second. It relies on the server's serialiser putting the top-level
// keys after "data" (sorted keys); anything it does not recognise comes back
// as unknown, and the caller parses that frame in full.
struct EnvelopeScan {
    enum class Kind { response, event, unknown };

    Kind kind = Kind::unknown;
    uint64_t id = 0;         // response
    bool ok = false;         // response
    std::string_view event;  // event name

    static EnvelopeScan of(std::string_view frame);
};

}  // namespace switchboard::bench
