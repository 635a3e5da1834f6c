#include "ws_test_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/evp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace switchboard::plugins::transport_websocket::support {

namespace {

constexpr std::string_view kKey = "dGhlIHNhbXBsZSBub25jZQ==";
constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
constexpr auto kHandshakeTimeout = std::chrono::seconds(5);

std::string expected_accept() {
    const std::string input = std::string(kKey) + std::string(kGuid);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_size = 0;
    EVP_Digest(input.data(), input.size(), digest, &digest_size, EVP_sha1(), nullptr);
    unsigned char encoded[64] = {};
    const int length = EVP_EncodeBlock(encoded, digest, static_cast<int>(digest_size));
    return std::string(reinterpret_cast<char*>(encoded), static_cast<size_t>(length));
}

int status_of(const std::string& response) {
    // "HTTP/1.1 101 Switching Protocols"
    if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) return -1;
    return std::atoi(response.c_str() + 9);
}

bool has_header(const std::string& head, const std::string& name, const std::string& value) {
    std::string lower;
    for (char c : head) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string needle = "\r\n";
    for (char c : name) needle += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    needle += ":";
    const size_t at = lower.find(needle);
    if (at == std::string::npos) return false;
    size_t start = at + needle.size();
    while (start < head.size() && head[start] == ' ') ++start;
    return head.compare(start, value.size(), value) == 0;
}

}  // namespace

WsTestClient::~WsTestClient() { close_socket(); }

void WsTestClient::close_socket() {
    if (tls_ != nullptr) SSL_free(tls_);
    if (tls_context_ != nullptr) SSL_CTX_free(tls_context_);
    if (fd_ >= 0) ::close(fd_);
    tls_ = nullptr;
    tls_context_ = nullptr;
    fd_ = -1;
}

bool WsTestClient::open_socket(int port, int receive_buffer) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return false;
    if (receive_buffer > 0) setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof(receive_buffer));
    const int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
}

int WsTestClient::connect(int port, const Options& options) {
    close_socket();
    buffer_.clear();
    if (!open_socket(port, options.receive_buffer)) return -1;
    if (options.tls) {
        tls_context_ = SSL_CTX_new(TLS_client_method());
        SSL_CTX_set_verify(tls_context_, SSL_VERIFY_NONE, nullptr);  // a self-signed test certificate
        tls_ = SSL_new(tls_context_);
        SSL_set_fd(tls_, fd_);
        if (SSL_connect(tls_) != 1) return -1;
    }

    std::string request = "GET " + options.path + " HTTP/1.1\r\n";
    request += "Host: 127.0.0.1:" + std::to_string(port) + "\r\n";
    request += "Upgrade: websocket\r\nConnection: Upgrade\r\n";
    request += "Sec-WebSocket-Key: " + std::string(kKey) + "\r\nSec-WebSocket-Version: 13\r\n";
    if (!options.origin.empty()) request += "Origin: " + options.origin + "\r\n";
    if (!options.protocol.empty()) request += "Sec-WebSocket-Protocol: " + options.protocol + "\r\n";
    if (!options.user_agent.empty()) request += "User-Agent: " + options.user_agent + "\r\n";
    request += "\r\n";
    if (!write_all(request.data(), request.size())) return -1;

    const auto deadline = Clock::now() + kHandshakeTimeout;
    size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos)
        if (!fill(deadline)) return -1;
    const std::string head = buffer_.substr(0, end + 2);
    buffer_.erase(0, end + 4);
    const int status = status_of(head);
    if (status == 101 && !has_header(head, "Sec-WebSocket-Accept", expected_accept())) return -1;
    return status;
}

int WsTestClient::http_get(int port, const std::string& path, const std::string& extra_headers) {
    WsTestClient client;
    if (!client.open_socket(port, 0)) return -1;
    const std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\n" +
                                (extra_headers.empty() ? std::string("Connection: close\r\n") : extra_headers) +
                                "\r\n";
    if (!client.write_all(request.data(), request.size())) return -1;
    const auto deadline = Clock::now() + kHandshakeTimeout;
    while (client.buffer_.find("\r\n") == std::string::npos)
        if (!client.fill(deadline)) return -1;
    return status_of(client.buffer_);
}

bool WsTestClient::send_frame(uint8_t opcode, std::string_view payload, bool fin) {
    std::string frame;
    frame += static_cast<char>((fin ? 0x80 : 0x00) | opcode);
    const size_t size = payload.size();
    if (size < 126) {
        frame += static_cast<char>(0x80 | size);
    } else if (size <= 0xFFFF) {
        frame += static_cast<char>(0x80 | 126);
        frame += static_cast<char>(size >> 8);
        frame += static_cast<char>(size & 0xFF);
    } else {
        frame += static_cast<char>(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8) frame += static_cast<char>((size >> shift) & 0xFF);
    }
    const unsigned char mask[4] = {0x37, 0xFA, 0x21, 0x3D};
    frame.append(reinterpret_cast<const char*>(mask), 4);
    const size_t offset = frame.size();
    frame.append(payload);
    for (size_t i = 0; i < size; ++i) frame[offset + i] = static_cast<char>(frame[offset + i] ^ mask[i % 4]);
    return write_all(frame.data(), frame.size());
}

bool WsTestClient::send_close(uint16_t code, std::string_view reason) {
    std::string payload;
    payload += static_cast<char>(code >> 8);
    payload += static_cast<char>(code & 0xFF);
    payload.append(reason);
    return send_frame(kClose, payload);
}

std::optional<WsTestClient::Frame> WsTestClient::read_frame(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    Frame frame;
    size_t consumed;
    while ((consumed = parse_frame(frame)) == 0)
        if (!fill(deadline)) return std::nullopt;
    buffer_.erase(0, consumed);
    return frame;
}

size_t WsTestClient::parse_frame(Frame& frame) const {
    auto byte = [this](size_t i) { return static_cast<uint8_t>(buffer_[i]); };
    if (buffer_.size() < 2) return 0;
    frame.fin = (byte(0) & 0x80) != 0;
    frame.opcode = static_cast<uint8_t>(byte(0) & 0x0F);
    const bool masked = (byte(1) & 0x80) != 0;
    uint64_t size = byte(1) & 0x7F;
    size_t offset = 2;
    if (size >= 126) {
        const size_t extended = size == 126 ? 2 : 8;
        if (buffer_.size() < offset + extended) return 0;
        size = 0;
        for (size_t i = 0; i < extended; ++i) size = (size << 8) | byte(offset + i);
        offset += extended;
    }
    const size_t mask_at = offset;
    if (masked) offset += 4;
    if (buffer_.size() < offset + size) return 0;
    frame.payload.assign(buffer_, offset, size);
    if (masked)
        for (size_t i = 0; i < frame.payload.size(); ++i)
            frame.payload[i] = static_cast<char>(frame.payload[i] ^ buffer_[mask_at + i % 4]);
    return offset + size;
}

std::optional<std::string> WsTestClient::read_message(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return std::nullopt;
        std::optional<Frame> frame = read_frame(left);
        if (!frame) return std::nullopt;
        switch (frame->opcode) {
        case kPing:
            ++pings_seen_;
            send_frame(kPong, frame->payload);
            break;
        case kPong:
            break;
        case kClose:
            if (frame->payload.size() >= 2)
                close_code_ = static_cast<uint16_t>((static_cast<uint8_t>(frame->payload[0]) << 8) |
                                                    static_cast<uint8_t>(frame->payload[1]));
            close_reason_ = frame->payload.size() > 2 ? frame->payload.substr(2) : std::string();
            if (!close_echoed_) send_frame(kClose, frame->payload.substr(0, 2));
            close_echoed_ = true;
            return std::nullopt;
        default:
            partial_message_ += frame->payload;
            if (frame->fin) {
                std::string message = std::move(partial_message_);
                partial_message_.clear();
                return message;
            }
        }
    }
}

bool WsTestClient::wait_for_eof(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
        if (fd_ < 0) return true;
        pollfd pfd{fd_, POLLIN, 0};
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (::poll(&pfd, 1, static_cast<int>(std::max<int64_t>(left.count(), 0))) <= 0) continue;
        char scratch[16384];
        const ssize_t got =
            tls_ != nullptr ? SSL_read(tls_, scratch, sizeof(scratch)) : ::read(fd_, scratch, sizeof(scratch));
        if (got <= 0) return true;
    }
    return false;
}

std::string WsTestClient::local_address() const {
    sockaddr_in address{};
    socklen_t length = sizeof(address);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    char text[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &address.sin_addr, text, sizeof(text));
    return std::string(text) + ":" + std::to_string(ntohs(address.sin_port));
}

bool WsTestClient::write_all(const void* data, size_t size) {
    const char* bytes = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t sent = tls_ != nullptr ? SSL_write(tls_, bytes, static_cast<int>(size))
                                             : ::send(fd_, bytes, size, MSG_NOSIGNAL);
        if (sent <= 0) {
            if (tls_ == nullptr && errno == EINTR) continue;
            return false;
        }
        bytes += sent;
        size -= static_cast<size_t>(sent);
    }
    return true;
}

bool WsTestClient::fill(Clock::time_point deadline) {
    if (fd_ < 0) return false;
    if (tls_ == nullptr || SSL_pending(tls_) == 0) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        pollfd pfd{fd_, POLLIN, 0};
        if (::poll(&pfd, 1, static_cast<int>(std::max<int64_t>(left.count(), 0))) <= 0) return false;
    }
    char chunk[16384];
    const ssize_t got = tls_ != nullptr ? SSL_read(tls_, chunk, sizeof(chunk)) : ::read(fd_, chunk, sizeof(chunk));
    if (got <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(got));
    return true;
}

}  // namespace switchboard::plugins::transport_websocket::support
