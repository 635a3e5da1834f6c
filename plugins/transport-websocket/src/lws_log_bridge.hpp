#pragma once

#include "switchboard/host.h"

namespace switchboard::plugins::transport_websocket {

// Sends libwebsockets' own errors and warnings to the host's log.
// libwebsockets has one process-wide log callback with no user pointer, so
// the bridge is process-wide too: the instance that attached last receives
// the lines (the server runs one transport.websocket instance).
class LwsLogBridge {
public:
    static void attach(const sb_host* host);
    // Stops forwarding if `host` is the one attached.
    static void detach(const sb_host* host);

private:
    static void emit(int level, const char* line);
};

}  // namespace switchboard::plugins::transport_websocket
