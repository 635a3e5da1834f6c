#pragma once

#include <cstdint>

namespace switchboard::plugins::transport_websocket {

// Raises this process's soft RLIMIT_NOFILE to its hard limit (capped at
// 1,048,576, beyond which libwebsockets distrusts the value) and returns the
// soft limit now in force. libwebsockets sizes its fd tables from it when the
// context is created, and every connection is one fd: with the usual soft
// limit of 1024 the server could not hold more than ~1000 clients.
uint64_t raise_open_file_limit();

}  // namespace switchboard::plugins::transport_websocket
