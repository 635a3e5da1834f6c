#pragma once

#include <openssl/ssl.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace switchboard::plugins::transport_websocket::support {

// A minimal blocking RFC 6455 client over a plain or TLS socket, written for
// tests: it can send any frame (fragments, invalid UTF-8, oversized), stop
// reading, or ignore pings, which a full client library would not allow.
class WsTestClient {
public:
    enum Opcode : uint8_t { kContinuation = 0x0, kText = 0x1, kBinary = 0x2, kClose = 0x8, kPing = 0x9, kPong = 0xA };

    struct Options {
        std::string path = "/v1/ws";
        std::string origin;    // empty: no Origin header
        std::string protocol;  // Sec-WebSocket-Protocol; empty: none
        std::string user_agent = "switchboard-ws-test";
        bool tls = false;
        int receive_buffer = 0;  // SO_RCVBUF before connecting when > 0 (a slow reader)
    };

    struct Frame {
        uint8_t opcode = 0;
        bool fin = true;
        std::string payload;
    };

    WsTestClient() = default;
    ~WsTestClient();
    WsTestClient(const WsTestClient&) = delete;
    WsTestClient& operator=(const WsTestClient&) = delete;

    // Connects to 127.0.0.1:port and performs the opening handshake. Returns
    // the HTTP status (101 when upgraded, after checking Sec-WebSocket-Accept),
    // or -1 when the connection failed or the answer was not HTTP.
    int connect(int port, const Options& options);
    // Sends a plain HTTP GET (with any extra header lines) on a fresh
    // connection and returns the response status.
    static int http_get(int port, const std::string& path, const std::string& extra_headers = {});

    bool send_frame(uint8_t opcode, std::string_view payload, bool fin = true);
    bool send_text(std::string_view text) { return send_frame(kText, text); }
    bool send_close(uint16_t code, std::string_view reason = {});

    // The next frame as sent by the server, or nullopt on timeout or EOF.
    std::optional<Frame> read_frame(std::chrono::milliseconds timeout);
    // The next data message: answers pings (counted in pings_seen()) and
    // reassembles fragments. nullopt on timeout, EOF or a close frame, whose
    // code and reason are then in close_code()/close_reason(); the close is
    // echoed as the protocol requires.
    std::optional<std::string> read_message(std::chrono::milliseconds timeout);
    // Reads and discards until the server closes the TCP connection; true if it did in time.
    bool wait_for_eof(std::chrono::milliseconds timeout);

    std::optional<uint16_t> close_code() const { return close_code_; }
    const std::string& close_reason() const { return close_reason_; }
    int pings_seen() const { return pings_seen_; }
    // This end's address as the server sees it, "127.0.0.1:PORT".
    std::string local_address() const;

private:
    using Clock = std::chrono::steady_clock;

    bool open_socket(int port, int receive_buffer);
    bool write_all(const void* data, size_t size);
    // Appends at least one byte to buffer_; false on timeout, EOF or error.
    bool fill(Clock::time_point deadline);
    // Decodes one whole frame from the front of buffer_; returns the bytes it
    // takes, or 0 while the frame is incomplete.
    size_t parse_frame(Frame& frame) const;
    void close_socket();

    int fd_ = -1;
    SSL_CTX* tls_context_ = nullptr;
    SSL* tls_ = nullptr;
    std::string buffer_;  // received, not yet consumed
    std::string partial_message_;
    std::optional<uint16_t> close_code_;
    std::string close_reason_;
    bool close_echoed_ = false;
    int pings_seen_ = 0;
};

}  // namespace switchboard::plugins::transport_websocket::support
