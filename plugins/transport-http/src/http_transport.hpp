#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "http_config.hpp"
#include "http_server.hpp"
#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/transport.hpp"

namespace switchboard::plugins::transport_http {

// The transport.http plugin instance: one HttpServer. Every HTTP request that
// reaches the kernel is a stateless host connection carrying one envelope,
// answered through answer() (ABI 1.1) or send().
class HttpTransport : public sdk::TransportPlugin<HttpTransport> {
public:
    explicit HttpTransport(const sdk::Host& host);

    void start();
    void stop();

    sb_status send(uint64_t conn, sb_payload* payload);
    sb_status answer(uint64_t conn, sb_payload* payload, sb_status refusal);
    void close(uint64_t conn, uint32_t code, std::string_view reason);

private:
    sdk::Host host_;
    std::unique_ptr<HttpServer> server_;
};

}  // namespace switchboard::plugins::transport_http
