#pragma once

#include <string_view>
#include <vector>

namespace switchboard::plugins::transport_websocket {

// Appends RFC 6455 server frames (unmasked, FIN set) to a buffer, so that
// several queued messages go out in one send(): libwebsockets frames one
// message per lws_write(), and a write per message costs a system call and
// two epoll_ctl() calls on a busy connection.
class FrameEncoder {
public:
    // Appends one text frame carrying `text`.
    static void append_text(std::vector<unsigned char>& out, std::string_view text);
};

}  // namespace switchboard::plugins::transport_websocket
