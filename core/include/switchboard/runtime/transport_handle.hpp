#pragma once

#include <string>

#include "switchboard/transport.h"

namespace switchboard::runtime {

// How the kernel reaches the transport plugin that owns a connection.
struct TransportHandle {
    sb_transport_vtable vtable{};
    void* instance = nullptr;
    std::string plugin_id;
};

}  // namespace switchboard::runtime
