#include "http_transport.hpp"

namespace switchboard::plugins::transport_http {

HttpTransport::HttpTransport(const sdk::Host& host)
    : host_(host), server_(std::make_unique<HttpServer>(host, HttpConfig::from(host))) {}

void HttpTransport::start() { server_->start(); }

void HttpTransport::stop() { server_->stop(); }

sb_status HttpTransport::send(uint64_t conn, sb_payload* payload) { return server_->answer(conn, payload, SB_OK); }

sb_status HttpTransport::answer(uint64_t conn, sb_payload* payload, sb_status refusal) {
    return server_->answer(conn, payload, refusal);
}

void HttpTransport::close(uint64_t conn, uint32_t, std::string_view reason) { server_->close(conn, reason); }

}  // namespace switchboard::plugins::transport_http
