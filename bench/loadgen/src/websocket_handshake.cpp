#include "websocket_handshake.hpp"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "base64.hpp"

namespace switchboard::bench {

namespace {

constexpr std::string_view kAcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    return text;
}

}  // namespace

WebSocketHandshake::WebSocketHandshake(std::string host_port, std::string path, std::string subprotocol, std::string key)
    : host_port_(std::move(host_port)), path_(std::move(path)), subprotocol_(std::move(subprotocol)), key_(std::move(key)) {}

std::string WebSocketHandshake::random_key() {
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof(bytes)) != 1) throw std::runtime_error("RAND_bytes failed");
    return base64_encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof(bytes)));
}

std::string WebSocketHandshake::accept_for(std::string_view key) {
    std::string input(key);
    input += kAcceptGuid;
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
    return base64_encode(std::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

std::string WebSocketHandshake::request() const {
    std::string out = "GET " + path_ + " HTTP/1.1\r\nHost: " + host_port_ +
                      "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key_ +
                      "\r\nSec-WebSocket-Version: 13\r\n";
    if (!subprotocol_.empty()) out += "Sec-WebSocket-Protocol: " + subprotocol_ + "\r\n";
    out += "\r\n";
    return out;
}

std::string WebSocketHandshake::check_response(std::string_view head) const {
    size_t line_end = head.find("\r\n");
    std::string_view status = head.substr(0, line_end);
    if (status.substr(0, 9) != "HTTP/1.1 " || status.substr(9, 3) != "101")
        return "the server did not switch protocols: " + std::string(status);
    bool upgrade = false;
    bool connection = false;
    std::string accept;
    std::string protocol;
    size_t at = line_end == std::string_view::npos ? head.size() : line_end + 2;
    while (at < head.size()) {
        size_t end = head.find("\r\n", at);
        if (end == std::string_view::npos) end = head.size();
        std::string_view line = head.substr(at, end - at);
        at = end + 2;
        size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        std::string name = lower(trim(line.substr(0, colon)));
        std::string_view value = trim(line.substr(colon + 1));
        if (name == "upgrade") upgrade = lower(value) == "websocket";
        else if (name == "connection") connection = lower(value).find("upgrade") != std::string::npos;
        else if (name == "sec-websocket-accept") accept = std::string(value);
        else if (name == "sec-websocket-protocol") protocol = std::string(value);
    }
    if (!upgrade) return "the response lacks 'Upgrade: websocket'";
    if (!connection) return "the response lacks 'Connection: Upgrade'";
    if (accept != accept_for(key_)) return "Sec-WebSocket-Accept does not match the key";
    if (!subprotocol_.empty() && protocol != subprotocol_)
        return "the server chose subprotocol '" + protocol + "' instead of '" + subprotocol_ + "'";
    return {};
}

}  // namespace switchboard::bench
