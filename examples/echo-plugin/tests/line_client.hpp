#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace example::line::tests {

// A blocking TCP client for the tests: connects to 127.0.0.1:port, writes
// raw bytes and reads '\n'-terminated lines with a deadline.
class LineClient {
public:
    explicit LineClient(uint16_t port);
    ~LineClient();
    LineClient(const LineClient&) = delete;
    LineClient& operator=(const LineClient&) = delete;

    void write(std::string_view bytes);
    // The next line without its '\n'; nullopt when the server closed the
    // connection or nothing came within `timeout`.
    std::optional<std::string> read_line(std::chrono::milliseconds timeout = std::chrono::seconds(5));
    // True when the server closed the connection within `timeout`; lines
    // that arrive before the end stay readable with read_line.
    bool closed_by_server(std::chrono::milliseconds timeout = std::chrono::seconds(5));

private:
    // Reads more into buffer_; false on end of stream or timeout.
    bool fill(std::chrono::steady_clock::time_point deadline);

    int fd_ = -1;
    std::string buffer_;
    bool eof_ = false;
};

}  // namespace example::line::tests
