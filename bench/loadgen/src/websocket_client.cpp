#include "websocket_client.hpp"

#include "websocket_handshake.hpp"

namespace switchboard::bench {

namespace {
constexpr size_t kMaxResponseHead = 16 * 1024;
constexpr size_t kMaxMessageBytes = 16 * 1024 * 1024;

uint64_t mask_seed(size_t index) { return 0x9E3779B97F4A7C15ull * (index + 1) ^ 0xD1B54A32D192ED03ull; }
}  // namespace

WebSocketClient::WebSocketClient(size_t index, EventLoop& loop, LinkListener& listener, std::string subprotocol,
                                 WebSocketOpcode message_opcode)
    : Link(index),
      listener_(listener),
      tcp_(loop, *this),
      subprotocol_(std::move(subprotocol)),
      message_opcode_(message_opcode),
      writer_(mask_seed(index)),
      reader_(kMaxMessageBytes) {}

void WebSocketClient::connect(const Url& url) {
    handshake_key_ = WebSocketHandshake::random_key();
    host_port_ = url.host_port();
    path_ = url.path;
    tcp_.connect(url.address);
}

void WebSocketClient::on_connected() {
    WebSocketHandshake handshake(host_port_, path_, subprotocol_, handshake_key_);
    tcp_.output() += handshake.request();
    tcp_.flush();
}

void WebSocketClient::queue(std::string_view payload) {
    if (open_) writer_.append(tcp_.output(), message_opcode_, payload);
}

void WebSocketClient::flush() { tcp_.flush(); }

void WebSocketClient::close() {
    if (!tcp_.is_open()) return;
    if (open_) {
        // 1000: normal closure. Sent best-effort: the socket closes right after.
        writer_.append(tcp_.output(), WebSocketOpcode::close, std::string_view("\x03\xe8", 2));
        tcp_.flush();
    }
    open_ = false;
    tcp_.close();
}

void WebSocketClient::fail(const std::string& reason) {
    open_ = false;
    tcp_.close();
    listener_.on_closed(*this, reason);
}

void WebSocketClient::on_closed(const std::string& reason) {
    open_ = false;
    listener_.on_closed(*this, reason);
}

void WebSocketClient::on_bytes(const char* data, size_t size) {
    if (!open_) return read_handshake(data, size);
    reader_.feed(data, size);
    read_frames();
}

void WebSocketClient::read_handshake(const char* data, size_t size) {
    response_head_.append(data, size);
    size_t end = response_head_.find("\r\n\r\n");
    if (end == std::string::npos) {
        if (response_head_.size() > kMaxResponseHead) fail("the handshake response is too long");
        return;
    }
    WebSocketHandshake handshake(host_port_, path_, subprotocol_, handshake_key_);
    std::string problem = handshake.check_response(std::string_view(response_head_).substr(0, end + 2));
    if (!problem.empty()) return fail("handshake: " + problem);
    std::string rest = response_head_.substr(end + 4);
    response_head_.clear();
    response_head_.shrink_to_fit();
    handshake_key_.clear();
    handshake_key_.shrink_to_fit();
    open_ = true;
    listener_.on_open(*this);
    if (!rest.empty() && tcp_.is_open()) {
        reader_.feed(rest.data(), rest.size());
        read_frames();
    }
}

void WebSocketClient::read_frames() {
    WebSocketOpcode opcode{};
    std::string_view payload;
    while (tcp_.is_open()) {
        switch (reader_.next(opcode, payload)) {
            case WebSocketFrameReader::Status::need_more:
                tcp_.flush();
                return;
            case WebSocketFrameReader::Status::error:
                return fail("protocol error: " + reader_.error());
            case WebSocketFrameReader::Status::message:
                break;
        }
        if (opcode == WebSocketOpcode::ping) {
            writer_.append(tcp_.output(), WebSocketOpcode::pong, payload);
        } else if (opcode == WebSocketOpcode::close) {
            std::string reason = "closed by the server";
            if (payload.size() >= 2) {
                int code = (static_cast<unsigned char>(payload[0]) << 8) | static_cast<unsigned char>(payload[1]);
                reason += " (" + std::to_string(code);
                if (payload.size() > 2) reason += " " + std::string(payload.substr(2));
                reason += ")";
            }
            writer_.append(tcp_.output(), WebSocketOpcode::close, payload.substr(0, 2));
            tcp_.flush();
            return fail(reason);
        } else if (opcode != WebSocketOpcode::pong) {
            listener_.on_data(*this, payload);
        }
    }
}

}  // namespace switchboard::bench
