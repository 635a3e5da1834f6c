#include "line_transport.hpp"

#include <string>

namespace example::line {

LineTransport::LineTransport(const switchboard::sdk::Host& host)
    : host_(host), server_(host, LineConfig::read(host)) {}

void LineTransport::start() { server_.start(); }

void LineTransport::stop() { server_.stop(); }

sb_status LineTransport::send(uint64_t conn, sb_payload* payload) { return server_.send(conn, payload); }

void LineTransport::close(uint64_t conn, uint32_t code, std::string_view reason) {
    // A line has no close frame to carry the code and reason: log them instead.
    if (host_.log_enabled(SB_LOG_DEBUG))
        host_.debug("closing connection " + std::to_string(conn) + " (" + std::to_string(code) + " " +
                    std::string(reason) + ")");
    server_.close(conn);
}

}  // namespace example::line
