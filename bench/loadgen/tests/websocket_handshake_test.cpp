#include <gtest/gtest.h>

#include "websocket_handshake.hpp"

namespace switchboard::bench {
namespace {

TEST(WebSocketHandshake, AcceptMatchesTheRfcExample) {
    // RFC 6455 §1.3.
    EXPECT_EQ(WebSocketHandshake::accept_for("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(WebSocketHandshake, RandomKeysAreSixteenBytesInBase64) {
    std::string a = WebSocketHandshake::random_key();
    std::string b = WebSocketHandshake::random_key();
    EXPECT_EQ(a.size(), 24u);
    EXPECT_NE(a, b);
}

TEST(WebSocketHandshake, RequestCarriesTheUpgradeHeaders) {
    WebSocketHandshake handshake("127.0.0.1:8081", "/v1/ws", "mqtt", "dGhlIHNhbXBsZSBub25jZQ==");
    std::string request = handshake.request();
    EXPECT_EQ(request.rfind("GET /v1/ws HTTP/1.1\r\n", 0), 0u);
    EXPECT_NE(request.find("Host: 127.0.0.1:8081\r\n"), std::string::npos);
    EXPECT_NE(request.find("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"), std::string::npos);
    EXPECT_NE(request.find("Sec-WebSocket-Version: 13\r\n"), std::string::npos);
    EXPECT_NE(request.find("Sec-WebSocket-Protocol: mqtt\r\n"), std::string::npos);
    EXPECT_EQ(request.substr(request.size() - 4), "\r\n\r\n");
}

TEST(WebSocketHandshake, ChecksTheServersAnswer) {
    WebSocketHandshake handshake("h:1", "/", "mqtt", "dGhlIHNhbXBsZSBub25jZQ==");
    std::string good =
        "HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\n"
        "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: mqtt\r\n";
    EXPECT_EQ(handshake.check_response(good), "");

    std::string wrong_accept = good;
    wrong_accept.replace(wrong_accept.find("s3pP"), 4, "AAAA");
    EXPECT_NE(handshake.check_response(wrong_accept).find("Accept"), std::string::npos);

    EXPECT_NE(handshake.check_response("HTTP/1.1 503 Service Unavailable\r\n").find("503"), std::string::npos);

    std::string other_protocol = good;
    other_protocol.replace(other_protocol.find("Protocol: mqtt"), 14, "Protocol: mqtv");
    EXPECT_NE(handshake.check_response(other_protocol).find("subprotocol"), std::string::npos);
}

}  // namespace
}  // namespace switchboard::bench
