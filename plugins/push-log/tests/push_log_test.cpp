// push.log loaded through the SDK's TestHost: each send writes one JSON line
// (to the log and the file) and is answered delivered; a stopped plugin
// refuses with SB_ERR_UNAVAILABLE without answering.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <unistd.h>
#include <vector>

#include "switchboard/sdk/testing/test_host.hpp"

namespace {

using nlohmann::json;
using switchboard::sdk::to_sb;

struct Answers {
    std::vector<sb_push_result> results;
};

void record(void* ctx, const sb_push_result* result) { static_cast<Answers*>(ctx)->results.push_back(*result); }

class PushLogTest : public ::testing::Test {
protected:
    void SetUp() override {
        path_ = std::filesystem::temp_directory_path() / ("push_log_test_" + std::to_string(::getpid()) + ".jsonl");
        std::filesystem::remove(path_);
    }
    void TearDown() override { std::filesystem::remove(path_); }

    sb_status send(switchboard::sdk::testing::TestHost& host, const std::string& id) {
        sb_notification n{};
        n.struct_size = sizeof(n);
        n.id = to_sb(id);
        n.user_id = to_sb("u_bob");
        n.device_id = to_sb("phone");
        n.provider = to_sb("fcm");
        n.token = to_sb("abcdefghijklmnopqrstuvwxyz");
        n.category = SB_PUSH_CALL;
        n.priority = SB_PUSH_HIGH;
        n.ttl_seconds = 30;
        n.title = to_sb("Alice");
        n.body = to_sb("Incoming audio call");
        n.call_id = to_sb("c_1");
        n.collapse_key = to_sb("c_1");
        n.badge = -1;
        n.data_json = to_sb(R"({"event":"call.incoming","call_id":"c_1"})");
        n.created_at_ms = 1700000000000;
        return host.vtable<sb_push_vtable>()->send(host.instance(), &n, &record, &answers_, nullptr);
    }

    std::vector<json> lines() const {
        std::vector<json> out;
        std::ifstream in(path_);
        for (std::string line; std::getline(in, line);) out.push_back(json::parse(line));
        return out;
    }

    std::filesystem::path path_;
    Answers answers_;
};

TEST_F(PushLogTest, WritesOneLinePerNotificationAndAnswersDelivered) {
    switchboard::sdk::testing::TestHost host(SB_PUSH_LOG_PLUGIN_PATH);
    host.set("file", path_.string());
    host.create_and_start();
    ASSERT_EQ(send(host, "c_1:call:u_bob/phone"), SB_OK);
    ASSERT_EQ(send(host, "c_1:dismiss:u_bob/phone"), SB_OK);

    ASSERT_EQ(answers_.results.size(), 2u);
    EXPECT_EQ(answers_.results[0].outcome, static_cast<uint32_t>(SB_PUSH_DELIVERED));
    auto written = lines();
    ASSERT_EQ(written.size(), 2u);
    EXPECT_EQ(written[0]["id"], "c_1:call:u_bob/phone");
    EXPECT_EQ(written[0]["category"], "call");
    EXPECT_EQ(written[0]["priority"], "high");
    EXPECT_EQ(written[0]["ttl_seconds"], 30);
    EXPECT_EQ(written[0]["title"], "Alice");
    EXPECT_EQ(written[0]["badge"], -1);
    EXPECT_EQ(written[0]["data"]["event"], "call.incoming");
    // Only the start of the token, which is a credential.
    EXPECT_EQ(written[0]["token"], "abcdefgh...");
    EXPECT_EQ(written[1]["id"], "c_1:dismiss:u_bob/phone");
}

TEST_F(PushLogTest, StoppedPluginRefusesWithoutAnswering) {
    switchboard::sdk::testing::TestHost host(SB_PUSH_LOG_PLUGIN_PATH);
    host.create_and_start();
    host.descriptor().stop(host.instance());
    EXPECT_EQ(send(host, "m_1:u_bob/phone"), SB_ERR_UNAVAILABLE);
    EXPECT_TRUE(answers_.results.empty());
}

TEST_F(PushLogTest, UnwritableFileFailsStart) {
    switchboard::sdk::testing::TestHost host(SB_PUSH_LOG_PLUGIN_PATH);
    host.set("file", "/nonexistent-directory/push.jsonl");
    host.create();
    try {
        host.start();
        FAIL() << "start succeeded";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("cannot open /nonexistent-directory/push.jsonl for appending"),
                  std::string::npos)
            << e.what();
    }
}

TEST_F(PushLogTest, WritesToTheLogAtInfo) {
    switchboard::sdk::testing::TestHost host(SB_PUSH_LOG_PLUGIN_PATH);
    host.create_and_start();
    ASSERT_EQ(send(host, "m_9:u_bob/phone"), SB_OK);
    bool found = false;
    for (const auto& entry : host.logs())
        if (entry.find("push {\"id\":\"m_9:u_bob/phone\"") != std::string::npos) found = true;
    EXPECT_TRUE(found);
}

}  // namespace
