#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "switchboard/sdk/host.hpp"

namespace example::line {

// The plugin's options, read once in create(). The host has already checked
// types and ranges against the declarations in plugin.cpp.
struct LineConfig {
    std::string host;
    uint16_t port = 0;
    size_t max_line_bytes = 0;
    size_t max_send_queue = 0;

    // Throws switchboard::sdk::Error when `host` is not an IPv4 address.
    static LineConfig read(const switchboard::sdk::Host& host);
};

}  // namespace example::line
