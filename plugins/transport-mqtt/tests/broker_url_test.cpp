#include "broker_url.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using switchboard::plugins::transport_mqtt::BrokerUrl;

TEST(BrokerUrl, PlainAndTlsWithDefaultPorts) {
    BrokerUrl plain = BrokerUrl::parse("mqtt://broker.example.com");
    EXPECT_FALSE(plain.tls);
    EXPECT_EQ(plain.host, "broker.example.com");
    EXPECT_EQ(plain.port, 1883);
    BrokerUrl tls = BrokerUrl::parse("mqtts://broker.example.com/");
    EXPECT_TRUE(tls.tls);
    EXPECT_EQ(tls.port, 8883);
    EXPECT_EQ(tls.to_string(), "mqtts://broker.example.com:8883");
}

TEST(BrokerUrl, ExplicitPortAndIpv6) {
    BrokerUrl url = BrokerUrl::parse("mqtt://127.0.0.1:18830");
    EXPECT_EQ(url.host, "127.0.0.1");
    EXPECT_EQ(url.port, 18830);
    BrokerUrl v6 = BrokerUrl::parse("mqtts://[::1]:9000");
    EXPECT_EQ(v6.host, "::1");
    EXPECT_EQ(v6.port, 9000);
    EXPECT_EQ(v6.to_string(), "mqtts://[::1]:9000");
}

TEST(BrokerUrl, RefusalsSayWhy) {
    auto message = [](const char* url) {
        try {
            BrokerUrl::parse(url);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_EQ(message("tcp://x:1"), "'tcp://x:1' is not a broker URL: expected mqtt://HOST[:PORT] or mqtts://HOST[:PORT]");
    EXPECT_EQ(message("mqtt://"), "'mqtt://' is not a broker URL: no host");
    EXPECT_EQ(message("mqtt://h:0"), "'mqtt://h:0' is not a broker URL: the port must be a number from 1 to 65535");
    EXPECT_EQ(message("mqtt://h:99999"), "'mqtt://h:99999' is not a broker URL: the port must be a number from 1 to 65535");
    EXPECT_EQ(message("mqtt://h:"), "'mqtt://h:' is not a broker URL: the port must be a number from 1 to 65535");
    EXPECT_EQ(message("mqtt://user:pw@h"),
              "'mqtt://user:pw@h' is not a broker URL: only a host and a port may follow the scheme (credentials go in "
              "username/password)");
    EXPECT_EQ(message("mqtt://h/path"),
              "'mqtt://h/path' is not a broker URL: only a host and a port may follow the scheme (credentials go in "
              "username/password)");
    EXPECT_EQ(message("mqtt://::1:1883"),
              "'mqtt://::1:1883' is not a broker URL: an IPv6 address must be written in brackets, e.g. mqtt://[::1]:1883");
    EXPECT_EQ(message("mqtt://[::1"), "'mqtt://[::1' is not a broker URL: unclosed '[' around an IPv6 address");
}
