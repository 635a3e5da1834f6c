#include "topic_layout.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "client_status.hpp"
#include "delivery_qos.hpp"

using namespace switchboard::plugins::transport_mqtt;

TEST(TopicLayout, BuildsTheTopicsOfAClient) {
    TopicLayout topics("sb/v1");
    EXPECT_EQ(topics.request_filter(), "sb/v1/req/+");
    EXPECT_EQ(topics.status_filter(), "sb/v1/status/+");
    EXPECT_EQ(topics.request_topic("phone-1"), "sb/v1/req/phone-1");
    EXPECT_EQ(topics.response_topic("phone-1"), "sb/v1/res/phone-1");
    EXPECT_EQ(topics.status_topic("phone-1"), "sb/v1/status/phone-1");
}

TEST(TopicLayout, ClassifiesRequestsAndStatuses) {
    TopicLayout topics("acme/chat");
    auto request = topics.classify("acme/chat/req/alice");
    EXPECT_EQ(request.kind, TopicLayout::Kind::request);
    EXPECT_EQ(request.client_id, "alice");
    auto status = topics.classify("acme/chat/status/bob");
    EXPECT_EQ(status.kind, TopicLayout::Kind::status);
    EXPECT_EQ(status.client_id, "bob");
}

TEST(TopicLayout, EverythingElseIsOther) {
    TopicLayout topics("sb/v1");
    for (std::string topic : {"sb/v1/res/alice", "sb/v1/req/", "sb/v1/req", "sb/v1/req/a/b", "sb/v2/req/a",
                              "sb/v1x/req/a", "xsb/v1/req/a", "sb/v1/status/", "", "sb/v1", "sb/v1/"})
        EXPECT_EQ(topics.classify(topic).kind, TopicLayout::Kind::other) << topic;
    EXPECT_EQ(topics.classify("sb/v1/req/" + std::string(TopicLayout::kMaxClientIdBytes, 'x')).kind,
              TopicLayout::Kind::request);
    EXPECT_EQ(topics.classify("sb/v1/req/" + std::string(TopicLayout::kMaxClientIdBytes + 1, 'x')).kind,
              TopicLayout::Kind::other);
}

TEST(TopicLayout, RefusesUnusablePrefixes) {
    EXPECT_EQ(TopicLayout::prefix_problem("sb/v1"), std::nullopt);
    EXPECT_EQ(TopicLayout::prefix_problem(""), "the topic prefix must not be empty");
    EXPECT_EQ(TopicLayout::prefix_problem("sb/+"), "the topic prefix 'sb/+' must not contain the wildcards '+' or '#'");
    EXPECT_EQ(TopicLayout::prefix_problem("/sb"), "the topic prefix '/sb' must not start or end with '/'");
    EXPECT_EQ(TopicLayout::prefix_problem("sb//v1"), "the topic prefix 'sb//v1' must not have an empty level ('//')");
    EXPECT_EQ(TopicLayout::prefix_problem("$SYS"), "the topic prefix must not start with '$' (reserved by brokers)");
    EXPECT_THROW(TopicLayout("sb/#"), std::invalid_argument);
}

TEST(ClientStatus, OnlineOfflineOrIgnored) {
    EXPECT_EQ(parse_client_status("online"), ClientStatus::online);
    EXPECT_EQ(parse_client_status(" offline\n"), ClientStatus::offline);
    EXPECT_EQ(parse_client_status("OFFLINE"), ClientStatus::unknown);
    EXPECT_EQ(parse_client_status(""), ClientStatus::unknown);
    EXPECT_EQ(parse_client_status("   "), ClientStatus::unknown);
    EXPECT_EQ(parse_client_status("online please"), ClientStatus::unknown);
}

TEST(DeliveryQos, TypingAndPresenceAtMostOnceResponsesAtLeastOnceOtherEventsAsConfigured) {
    for (int event_qos : {0, 1}) {
        EXPECT_EQ(delivery_qos(R"({"event":"typing","data":{}})", event_qos), 0);
        EXPECT_EQ(delivery_qos(R"({"event":"presence","data":{}})", event_qos), 0);
        EXPECT_EQ(delivery_qos(R"({"event":"message.new","data":{}})", event_qos), event_qos);
        EXPECT_EQ(delivery_qos(R"({"event":"typingx","data":{}})", event_qos), event_qos);
        EXPECT_EQ(delivery_qos(R"({"event":"call.signal","data":{}})", event_qos), event_qos);
        EXPECT_EQ(delivery_qos(R"({"id":1,"ok":true,"data":{"event":"typing"}})", event_qos), 1);
        EXPECT_EQ(delivery_qos(R"({"id":null,"ok":false,"error":{}})", event_qos), 1);
        EXPECT_EQ(delivery_qos("", event_qos), 1);
    }
}
