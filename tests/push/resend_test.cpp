// A notification is never sent twice by the push plugins' HTTP/2 client,
// whatever the connection does: the fake APNs (which counts requests by
// apns-id, the notification's idempotency key) refuses streams unprocessed,
// resets streams it processed, drops the connection after processing a
// request, or closes the session with GOAWAY. A client may send a request
// again after its connection died without an answer (libcurl does) — one
// the provider may have processed; this client must not. What the server said
// it did not process (REFUSED_STREAM, above GOAWAY's last stream) the
// client sends again by itself, so it is delivered once in the same round.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "fake_providers.hpp"
#include "push_harness.hpp"

namespace switchboard::tests::push {
namespace {

constexpr int kNotifications = 60;

// Results by notification id, as the kernel's outbox worker keeps them.
class Outcomes {
public:
    struct Sent {
        Outcomes* outcomes;
        std::string id;
    };

    static void on_done(void* ctx, const sb_push_result* result) {
        auto* sent = static_cast<Sent*>(ctx);
        Outcomes& self = *sent->outcomes;
        std::lock_guard<std::mutex> lock(self.mutex_);
        auto& answer = self.answers_[sent->id];
        answer.calls++;
        answer.outcome = static_cast<sb_push_outcome>(result->outcome);
        answer.reason.assign(result->reason.ptr ? result->reason.ptr : "", result->reason.len);
        self.pending_--;
        self.arrived_.notify_all();
    }

    // Sends each notification once and waits for all their answers.
    void send_all(PushHarness& harness, const std::vector<TestNotification>& notifications) {
        for (const auto& n : notifications) {
            sent_.push_back(std::make_unique<Sent>(Sent{this, n.id}));
            {
                std::lock_guard<std::mutex> lock(mutex_);
                pending_++;
                answers_[n.id].calls = 0;
            }
            sb_notification raw = n.raw();
            ASSERT_EQ(harness.host.vtable<sb_push_vtable>()->send(harness.host.instance(), &raw, &on_done,
                                                                   sent_.back().get(), nullptr),
                      SB_OK);
        }
        std::unique_lock<std::mutex> lock(mutex_);
        ASSERT_TRUE(arrived_.wait_for(lock, std::chrono::seconds(30), [&] { return pending_ == 0; }));
        for (const auto& n : notifications) EXPECT_EQ(answers_[n.id].calls, 1) << n.id << " answered more than once";
    }

    std::vector<std::string> with(sb_push_outcome outcome) const {
        std::lock_guard<std::mutex> lock(mutex_);
        std::vector<std::string> ids;
        for (const auto& [id, answer] : answers_)
            if (answer.outcome == outcome) ids.push_back(id);
        return ids;
    }

private:
    struct Answer {
        int calls = 0;
        sb_push_outcome outcome = SB_PUSH_RETRY;
        std::string reason;
    };
    mutable std::mutex mutex_;
    std::condition_variable arrived_;
    std::map<std::string, Answer> answers_;
    std::vector<std::unique_ptr<Sent>> sent_;
    int pending_ = 0;
};

class ResendTest : public ::testing::TestWithParam<const char*> {
protected:
    void SetUp() override {
        harness.host.set("key_file", fakes.info()["apns_key_file"]);
        harness.host.set("key_id", fakes.info()["apns_key_id"]);
        harness.host.set("team_id", fakes.info()["apns_team_id"]);
        harness.host.set("bundle_id", fakes.info()["apns_bundle_id"]);
        harness.host.set("production_url", fakes.base_url() + "/production");
        harness.host.set("sandbox_url", fakes.base_url() + "/sandbox");
        harness.host.set("ca_file", fakes.ca_file());
        harness.host.create_and_start();
    }
    void TearDown() override { harness.host.stop_and_destroy(); }

    std::vector<TestNotification> notifications(const std::vector<std::string>& ids) const {
        std::vector<TestNotification> out;
        for (const auto& id : ids) {
            TestNotification n;
            n.provider = "apns";
            n.token = std::string(64, 'a');
            n.id = id;
            out.push_back(n);
        }
        return out;
    }
    nlohmann::json stats() const { return fakes.get("/control/stats"); }

    FakeProviders fakes{"--no-record"};
    PushHarness harness{SB_PUSH_APNS_PLUGIN};
};

TEST_P(ResendTest, NoNotificationReachesTheProviderTwice) {
    std::string action = GetParam();
    fakes.chaos("apns", 7, action);
    std::vector<std::string> ids;
    for (int i = 0; i < kNotifications; ++i) ids.push_back("n-" + std::to_string(i));
    Outcomes outcomes;
    outcomes.send_all(harness, notifications(ids));

    auto after_first_round = stats();
    EXPECT_EQ(after_first_round["duplicates"]["apns"], 0) << "the client sent a request again by itself";
    EXPECT_GT(after_first_round["chaos_applied"], 0) << "the fake disrupted nothing";
    auto delivered = outcomes.with(SB_PUSH_DELIVERED);
    EXPECT_GE(after_first_round["counts"]["apns"].get<size_t>(), delivered.size());

    if (action == "refuse" || action == "goaway") {
        EXPECT_EQ(delivered.size(), static_cast<size_t>(kNotifications));
        EXPECT_EQ(after_first_round["counts"]["apns"], kNotifications);
    }
}

INSTANTIATE_TEST_SUITE_P(Disruptions, ResendTest, ::testing::Values("refuse", "reset", "drop", "goaway"),
                         [](const auto& info) { return std::string(info.param); });

}  // namespace
}  // namespace switchboard::tests::push
