#include "switchboard/chat/device_service.hpp"

#include <gtest/gtest.h>

#include <string>

#include "chat_harness.hpp"

namespace switchboard::chat {
namespace {

using nlohmann::json;
using testing::ChatHarness;

class DeviceServiceTest : public ::testing::Test {
protected:
    DeviceServiceTest() : devices(h.context) {
        devices.register_ops(h.dispatcher);
        h.db.add_user("u_alice", "alice");
        h.connect(1, "u_alice", "phone");
        h.connect(2, "u_alice");
    }

    const storage::Device* stored(const std::string& device_id) {
        auto it = h.db.devices.find({"u_alice", device_id});
        return it == h.db.devices.end() ? nullptr : &it->second;
    }

    ChatHarness h;
    DeviceService devices;
};

TEST_F(DeviceServiceTest, RegisterUsesTheSessionsDeviceByDefault) {
    json r = h.request(1, "device.register", {{"provider", "fcm"}, {"token", "tok-1"}});
    ASSERT_TRUE(r["ok"]) << r;
    EXPECT_EQ(r["data"], (json{{"device_id", "phone"}}));
    const storage::Device* d = stored("phone");
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->provider, "fcm");
    EXPECT_EQ(d->token, "tok-1");
    EXPECT_EQ(d->extra_json, "");
    EXPECT_GT(d->updated_at, 0);
}

TEST_F(DeviceServiceTest, RegisterKeepsProviderSpecificFields) {
    json r = h.request(2, "device.register",
                       {{"provider", "webpush"},
                        {"token", "https://push.example/abc"},
                        {"device_id", "browser"},
                        {"keys", {{"p256dh", "BNc"}, {"auth", "tBH"}}}});
    ASSERT_TRUE(r["ok"]) << r;
    EXPECT_EQ(r["data"]["device_id"], "browser");
    const storage::Device* d = stored("browser");
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(json::parse(d->extra_json), (json{{"keys", {{"p256dh", "BNc"}, {"auth", "tBH"}}}}));
}

TEST_F(DeviceServiceTest, RegisterAgainReplacesTheToken) {
    ASSERT_TRUE(h.request(1, "device.register", {{"provider", "apns"}, {"token", "old"}})["ok"]);
    ASSERT_TRUE(h.request(1, "device.register", {{"provider", "apns"}, {"token", "new"}})["ok"]);
    EXPECT_EQ(h.db.devices.size(), 1u);
    EXPECT_EQ(stored("phone")->token, "new");
}

TEST_F(DeviceServiceTest, RegisterNeedsADeviceId) {
    json r = h.request(2, "device.register", {{"provider", "fcm"}, {"token", "t"}});
    EXPECT_EQ(ChatHarness::error_code(r), "bad_request");
    EXPECT_EQ(r["error"]["message"],
              "data.device_id: is required (this connection was authenticated without a device_id)");
    EXPECT_TRUE(h.db.devices.empty());
}

TEST_F(DeviceServiceTest, RegisterValidatesProviderAndToken) {
    json r = h.request(1, "device.register", {{"provider", "pigeon"}, {"token", "t"}});
    EXPECT_EQ(r["error"]["message"], "data.provider: expected one of fcm, apns, expo, webpush, webhook, log");
    EXPECT_EQ(ChatHarness::error_code(h.request(1, "device.register", {{"provider", "fcm"}})), "bad_request");
    EXPECT_EQ(ChatHarness::error_code(h.request(1, "device.register", {{"provider", "fcm"}, {"token", ""}})),
              "bad_request");
    EXPECT_EQ(ChatHarness::error_code(
                  h.request(1, "device.register", {{"provider", "fcm"}, {"token", std::string(4097, 't')}})),
              "bad_request");
    EXPECT_TRUE(
        h.request(1, "device.register", {{"provider", "fcm"}, {"token", std::string(4096, 't')}})["ok"]);
    for (const char* provider : {"apns", "expo", "webpush", "webhook", "log"})
        EXPECT_TRUE(h.request(1, "device.register", {{"provider", provider}, {"token", "t"}})["ok"]) << provider;
}

TEST_F(DeviceServiceTest, RegisterRefusesLargeProviderFields) {
    json r = h.request(1, "device.register",
                       {{"provider", "webhook"}, {"token", "t"}, {"headers", std::string(4096, 'h')}});
    EXPECT_EQ(ChatHarness::error_code(r), "too_large");
    EXPECT_TRUE(h.db.devices.empty());
}

TEST_F(DeviceServiceTest, ListNeverShowsTokens) {
    ASSERT_TRUE(h.request(1, "device.register", {{"provider", "fcm"}, {"token", "secret-1"}})["ok"]);
    ASSERT_TRUE(h.request(1, "device.register", {{"provider", "log"}, {"token", "secret-2"}, {"device_id", "tab"}})["ok"]);
    json r = h.request(2, "device.list");
    ASSERT_TRUE(r["ok"]) << r;
    ASSERT_EQ(r["data"]["devices"].size(), 2u);
    EXPECT_EQ(r["data"]["devices"][0]["device_id"], "phone");
    EXPECT_EQ(r["data"]["devices"][0]["provider"], "fcm");
    EXPECT_TRUE(r["data"]["devices"][0].contains("updated_at"));
    EXPECT_EQ(r.dump().find("secret"), std::string::npos);
}

TEST_F(DeviceServiceTest, UnregisterRemovesTheDevice) {
    ASSERT_TRUE(h.request(1, "device.register", {{"provider", "fcm"}, {"token", "t"}})["ok"]);
    ASSERT_TRUE(h.request(1, "device.register", {{"provider", "fcm"}, {"token", "t"}, {"device_id", "tab"}})["ok"]);
    ASSERT_TRUE(h.request(1, "device.unregister")["ok"]);
    EXPECT_EQ(stored("phone"), nullptr);
    ASSERT_TRUE(h.request(2, "device.unregister", {{"device_id", "tab"}})["ok"]);
    EXPECT_TRUE(h.db.devices.empty());

    json r = h.request(1, "device.unregister");
    EXPECT_EQ(ChatHarness::error_code(r), "not_found");
    EXPECT_EQ(r["error"]["message"], "device not found");
    EXPECT_EQ(ChatHarness::error_code(h.request(2, "device.unregister")), "bad_request");
}

TEST_F(DeviceServiceTest, UnregisterTouchesOnlyTheCallersDevices) {
    h.db.add_user("u_bob", "bob");
    h.connect(3, "u_bob", "phone");
    ASSERT_TRUE(h.request(3, "device.register", {{"provider", "fcm"}, {"token", "bob"}})["ok"]);
    EXPECT_EQ(ChatHarness::error_code(h.request(1, "device.unregister")), "not_found");
    EXPECT_EQ(h.db.devices.size(), 1u);
    EXPECT_EQ(h.request(1, "device.list")["data"]["devices"], json::array());
}

TEST_F(DeviceServiceTest, WorksOverStatelessConnections) {
    h.connect(5, "u_alice", "server", true);
    ASSERT_TRUE(h.request(5, "device.register", {{"provider", "webhook"}, {"token", "https://hook"}})["ok"]);
    EXPECT_NE(stored("server"), nullptr);
}

TEST_F(DeviceServiceTest, ReportsStorageFailures) {
    h.db.fail("device_upsert", SB_ERR_UNAVAILABLE);
    EXPECT_EQ(ChatHarness::error_code(h.request(1, "device.register", {{"provider", "fcm"}, {"token", "t"}})),
              "unavailable");
    h.db.fail("device_list", SB_ERR_INTERNAL);
    EXPECT_EQ(ChatHarness::error_code(h.request(1, "device.list")), "internal");
}

}  // namespace
}  // namespace switchboard::chat
