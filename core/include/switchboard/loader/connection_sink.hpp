#pragma once

#include <cstdint>
#include <string_view>

#include "switchboard/host.h"

namespace switchboard::loader {

class PluginInstance;

// Where the host table's transport callbacks go: the kernel. Called from
// transport threads; implementations must be thread-safe and not block.
class ConnectionSink {
public:
    virtual ~ConnectionSink() = default;
    virtual uint64_t on_open(PluginInstance& transport, const sb_conn_info& info) = 0;
    virtual void on_receive(uint64_t conn, std::string_view data) = 0;
    virtual void on_closed(uint64_t conn) = 0;
};

}  // namespace switchboard::loader
