// A push plugin written with the SDK's C++ wrapper loads as kind push, and the
// wrapper's send trampoline turns each answer into the ABI's contract: done
// called exactly once with the outcome for an accepted send, a status without
// done for a refusal, an exception caught into sb_error (docs/plugin-abi.md,
// "The push vtable").
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "switchboard/loader/plugin_library.hpp"
#include "switchboard/sdk/error.hpp"
#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/testing/test_host.hpp"

namespace {

struct Report {
    uint32_t outcome;
    int32_t http_status;
    std::string reason;
    int64_t retry_after_ms;
};

void record(void* ctx, const sb_push_result* result) {
    static_cast<std::vector<Report>*>(ctx)->push_back(Report{result->outcome, result->http_status,
                                                             std::string(switchboard::sdk::to_view(result->reason)),
                                                             result->retry_after_ms});
}

class PushPluginTest : public ::testing::Test {
protected:
    void SetUp() override { host_.create_and_start(); }

    sb_status send(const std::string& token) {
        sb_notification n{};
        n.struct_size = sizeof(n);
        n.id = switchboard::sdk::to_sb("m1:d1");
        n.provider = switchboard::sdk::to_sb("abi");
        n.token = switchboard::sdk::to_sb(token);
        n.category = SB_PUSH_MESSAGE;
        n.badge = 3;
        return host_.vtable<sb_push_vtable>()->send(host_.instance(), &n, &record, &reports_, err_.get());
    }

    switchboard::sdk::testing::TestHost host_{ABI_PLUGIN_GOOD_PUSH};
    std::vector<Report> reports_;
    switchboard::sdk::ErrorBuffer err_;
};

TEST(PushPluginLoad, LoadsAsKindPushWithItsVtable) {
    auto library = switchboard::loader::PluginLibrary::open(ABI_PLUGIN_GOOD_PUSH);
    EXPECT_EQ(library->id(), "abi.good_push");
    EXPECT_EQ(library->kind(), SB_KIND_PUSH);
    EXPECT_EQ(library->descriptor().abi_minor, static_cast<uint32_t>(SB_ABI_MINOR));
    EXPECT_NE(library->push().send, nullptr);
    EXPECT_EQ(library->push().struct_size, sizeof(sb_push_vtable));
}

TEST_F(PushPluginTest, DeliveredCallsDoneOnce) {
    ASSERT_EQ(send("token-1"), SB_OK);
    ASSERT_EQ(reports_.size(), 1u);
    EXPECT_EQ(reports_[0].outcome, static_cast<uint32_t>(SB_PUSH_DELIVERED));
    EXPECT_EQ(reports_[0].http_status, 200);
}

TEST_F(PushPluginTest, RetryCarriesRetryAfterAndReason) {
    ASSERT_EQ(send("retry"), SB_OK);
    ASSERT_EQ(reports_.size(), 1u);
    EXPECT_EQ(reports_[0].outcome, static_cast<uint32_t>(SB_PUSH_RETRY));
    EXPECT_EQ(reports_[0].http_status, 429);
    EXPECT_EQ(reports_[0].reason, "TooManyRequests");
    EXPECT_EQ(reports_[0].retry_after_ms, 1500);
}

TEST_F(PushPluginTest, DeadToken) {
    ASSERT_EQ(send("dead"), SB_OK);
    ASSERT_EQ(reports_.size(), 1u);
    EXPECT_EQ(reports_[0].outcome, static_cast<uint32_t>(SB_PUSH_DEAD_TOKEN));
    EXPECT_EQ(reports_[0].reason, "Unregistered");
}

TEST_F(PushPluginTest, BusyIsAStatusWithoutDone) {
    EXPECT_EQ(send("busy"), SB_ERR_BUSY);
    EXPECT_TRUE(reports_.empty());
}

TEST_F(PushPluginTest, ExceptionBecomesInternalWithItsMessage) {
    EXPECT_EQ(send("throw"), SB_ERR_INTERNAL);
    EXPECT_STREQ(err_.message(), "token throw is not accepted");
    EXPECT_TRUE(reports_.empty());
}

}  // namespace
