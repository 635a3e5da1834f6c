// wss:// with a self-signed certificate made at test time.
#include <gtest/gtest.h>

#include "self_signed_certificate.hpp"
#include "transport_harness.hpp"
#include "ws_test_client.hpp"

namespace switchboard::plugins::transport_websocket {
namespace {

using support::SelfSignedCertificate;
using support::TransportHarness;
using support::WsTestClient;
using namespace std::chrono_literals;

TEST(Tls, ServesWssAndEchoes) {
    SelfSignedCertificate certificate;
    ASSERT_TRUE(certificate.created()) << "the openssl command failed";
    TransportHarness harness;
    harness.set("tls.cert_file", certificate.cert_file());
    harness.set("tls.key_file", certificate.key_file());
    harness.set_echo(true);
    harness.start();
    EXPECT_NE(harness.log_text().find("listening on wss://127.0.0.1:"), std::string::npos) << harness.log_text();

    WsTestClient client;
    WsTestClient::Options options;
    options.tls = true;
    ASSERT_EQ(client.connect(harness.port(), options), 101);
    ASSERT_TRUE(client.send_text(R"({"id":1,"op":"auth","data":{}})"));
    EXPECT_EQ(client.read_message(5s), R"({"id":1,"op":"auth","data":{}})");
    const std::string big(100'000, 'w');
    ASSERT_TRUE(client.send_text(big));
    EXPECT_EQ(client.read_message(5s), big);

    WsTestClient plain;  // plain WebSocket on the TLS port does not get through
    EXPECT_NE(plain.connect(harness.port(), {}), 101);
}

TEST(Tls, CertificateWithoutKeyIsRejected) {
    SelfSignedCertificate certificate;
    ASSERT_TRUE(certificate.created());
    TransportHarness harness;
    harness.set("tls.cert_file", certificate.cert_file());
    EXPECT_THROW(harness.start(), std::runtime_error);
}

TEST(Tls, UnreadableCertificateFailsStart) {
    TransportHarness harness;
    harness.set("tls.cert_file", "/nonexistent/cert.pem");
    harness.set("tls.key_file", "/nonexistent/key.pem");
    try {
        harness.start();
        FAIL() << "start succeeded";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("cannot listen on wss://127.0.0.1:0/v1/ws"), std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace switchboard::plugins::transport_websocket
