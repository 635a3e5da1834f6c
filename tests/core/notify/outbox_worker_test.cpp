// The outbox worker over the in-memory storage and an in-process push plugin:
// who gets a notification, what it says, and what each provider answer does
// to the outbox (docs/push.md).
#include "switchboard/notify/outbox_worker.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <nlohmann/json.hpp>

#include "../chat/fake_storage.hpp"
#include "../chat/fake_transport.hpp"
#include "switchboard/notify/event_notifier.hpp"
#include "switchboard/util/clock.hpp"

namespace switchboard::notify {
namespace {

using nlohmann::json;

// A push plugin in the test's own process: records what it is given and
// answers from a script (delivered when the script is empty).
class FakePush {
public:
    FakePush() : vtable_{sizeof(sb_push_vtable), &send_fn, nullptr} {}
    const sb_push_vtable& vtable() const { return vtable_; }

    std::vector<sdk::OwnedNotification> sent;
    std::deque<PushOutcome> script;
    std::function<void()> on_send = [] {};  // runs before the answer

private:
    static sb_status send_fn(void* self, const sb_notification* n, sb_push_done done, void* ctx, sb_error*) {
        auto* push = static_cast<FakePush*>(self);
        push->sent.push_back(sdk::OwnedNotification::copy_of(sdk::Notification::from(*n)));
        push->on_send();
        PushOutcome outcome;
        if (!push->script.empty()) {
            outcome = push->script.front();
            push->script.pop_front();
        }
        sb_push_result r{sizeof(sb_push_result), static_cast<uint32_t>(outcome.outcome), outcome.http_status,
                         sdk::to_sb(outcome.reason), outcome.retry_after_ms};
        done(ctx, &r);
        return SB_OK;
    }
    sb_push_vtable vtable_;
};

PushSettings test_settings() {
    PushSettings s;
    s.read_cancel_delay_ms = 0;
    s.poll_interval_ms = 5;
    s.backoff_base_ms = 20;
    s.backoff_max_ms = 100;
    return s;
}

class OutboxWorkerTest : public ::testing::Test {
protected:
    explicit OutboxWorkerTest(PushSettings settings = test_settings())
        : settings_(settings),
          client_(db_.vtable(), db_.instance(), [this](std::function<void()> fn) { loop_.post(std::move(fn)); }) {
        router_.add("push.fcm", push_.vtable(), &push_);
        worker_ = std::make_unique<OutboxWorker>(loop_, client_, sessions_, router_, settings_, metrics_);
        notifier_ = std::make_unique<EventNotifier>(client_, *worker_, settings_);
        db_.add_user("u_alice", "alice", "Alice");
        db_.add_user("u_bob", "bob", "Bob");
        db_.add_user("u_carol", "carol", "Carol");
        db_.add_conversation("c_direct", "direct", {"u_alice", "u_bob"});
        db_.add_conversation("c_group", "group", {"u_alice", "u_bob", "u_carol"}).title = "Climbing";
        add_device("u_bob", "phone", "fcm", "bob-token");
        add_device("u_carol", "phone", "fcm", "carol-token");
    }

    void add_device(const std::string& user, const std::string& device, const std::string& provider,
                    const std::string& token) {
        db_.devices[{user, device}] = storage::Device{user, device, provider, token, "", 1};
    }

    // Stores a message from `sender` with its outbox entries, as message_append does.
    uint64_t send_message(const std::string& conversation, const std::string& sender, const std::string& body,
                          const std::vector<std::string>& mentions = {}) {
        uint64_t seq = db_.add_message(conversation, sender, body);
        storage::Message m = db_.messages[conversation].back();
        std::vector<std::string> members;
        for (const auto& member : db_.conversations[conversation].members) members.push_back(member.user_id);
        for (auto e : notifier_->message_entries(m, members, mentions)) {
            e.seq = seq;
            db_.outbox.emplace(e.entry_id, e);
        }
        return seq;
    }

    void run_for(std::chrono::milliseconds duration) {
        loop_.context().restart();
        loop_.context().run_for(duration);
    }

    double metric(const std::string& needle) {
        std::string text = metrics_.render();
        for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
            if (at > 0 && text[at - 1] != '\n') continue;
            size_t space = text.find(' ', at + needle.size());
            return std::stod(text.substr(space + 1, text.find('\n', space) - space - 1));
        }
        return 0;
    }

    PushSettings settings_;
    runtime::EventLoop loop_;
    chat::testing::FakeStorage db_;
    chat::testing::FakeTransport transport_;
    runtime::SessionRegistry sessions_;
    storage::StorageClient client_;
    metrics::Registry metrics_;
    FakePush push_;
    PushRouter router_;
    std::unique_ptr<OutboxWorker> worker_;
    std::unique_ptr<EventNotifier> notifier_;
};

TEST_F(OutboxWorkerTest, OfflineRecipientGetsOneNotificationWithItsBadge) {
    send_message("c_group", "u_bob", "earlier, unread by carol");
    db_.outbox.clear();
    send_message("c_direct", "u_alice", "hello bob");
    worker_->start();
    run_for(std::chrono::milliseconds(100));

    ASSERT_EQ(push_.sent.size(), 1u);
    const auto& n = push_.sent[0];
    EXPECT_EQ(n.id, "c_direct/1:u_bob/phone");
    EXPECT_EQ(n.user_id, "u_bob");
    EXPECT_EQ(n.token, "bob-token");
    EXPECT_EQ(n.title, "Alice");
    EXPECT_EQ(n.body, "hello bob");
    EXPECT_EQ(n.badge, 1);  // bob's unread messages across his conversations
    EXPECT_TRUE(db_.outbox.empty());
    EXPECT_EQ(metric("push_sent_total{provider=\"fcm\",outcome=\"delivered\"}"), 1);
    // Still polling, it may be between a claim and its answer: stopped, it settles to idle.
    worker_->stop();
    run_for(std::chrono::milliseconds(20));
    EXPECT_TRUE(worker_->idle());
}

TEST_F(OutboxWorkerTest, EntriesEndedTogetherAreDeletedTogetherAndTheNewestMessageIsNotReadAgain) {
    send_message("c_group", "u_alice", "first");
    send_message("c_group", "u_alice", "second");
    worker_->start();
    run_for(std::chrono::milliseconds(100));

    ASSERT_EQ(push_.sent.size(), 4u);  // bob and carol, twice
    EXPECT_TRUE(db_.outbox.empty());
    // One write per expanded entry (its device's entry in place of the
    // user's); the four deletes after delivery share fewer writes.
    EXPECT_LT(db_.calls("outbox_write"), 8);
    // "second" is the group's newest message: the conversation list carried it.
    EXPECT_EQ(db_.calls("message_get"), 2);
}

TEST_F(OutboxWorkerTest, APluginWithPushContextAnswersTheBadgeInOneReadInsteadOfTheConversationList) {
    db_.offer_push_context();  // read by a StorageClient made after it
    storage::StorageClient client(db_.vtable(), db_.instance(),
                                  [this](std::function<void()> fn) { loop_.post(std::move(fn)); });
    metrics::Registry metrics;  // the fixture's worker registered its metrics in metrics_
    OutboxWorker worker(loop_, client, sessions_, router_, settings_, metrics);
    send_message("c_direct", "u_bob", "earlier, unread by alice");
    send_message("c_group", "u_bob", "unread by alice and carol");
    db_.outbox.clear();
    send_message("c_direct", "u_alice", "first");
    send_message("c_group", "u_alice", "second");
    worker.start();
    run_for(std::chrono::milliseconds(100));

    ASSERT_EQ(push_.sent.size(), 3u);  // bob twice, carol once
    std::map<std::string, int32_t> badges;
    for (const auto& n : push_.sent) badges[n.id] = n.badge;
    EXPECT_EQ(badges["c_direct/2:u_bob/phone"], 2);  // "first" and "second"
    EXPECT_EQ(badges["c_group/2:u_bob/phone"], 2);
    EXPECT_EQ(badges["c_group/2:u_carol/phone"], 2);  // bob's message and "second"
    EXPECT_EQ(db_.calls("push_context"), 3);
    EXPECT_EQ(db_.calls("conversation_list"), 0);
    EXPECT_EQ(db_.calls("notify_setting_get"), 0);
    EXPECT_EQ(db_.calls("message_get"), 0);
    worker.stop();
    run_for(std::chrono::milliseconds(20));
}

TEST_F(OutboxWorkerTest, AUserFoundWithoutDevicesGetsNoEntriesUntilOneRegisters) {
    send_message("c_direct", "u_bob", "hello alice");  // alice has no device
    ASSERT_EQ(db_.outbox.size(), 1u);
    worker_->start();
    run_for(std::chrono::milliseconds(100));
    EXPECT_TRUE(db_.outbox.empty());
    EXPECT_EQ(metric("push_skipped_total{reason=\"no_device\"}"), 1);

    send_message("c_direct", "u_bob", "still there?");
    EXPECT_TRUE(db_.outbox.empty());  // known without a device: nothing queued

    add_device("u_alice", "phone", "fcm", "alice-token");
    worker_->device_registered("u_alice");
    send_message("c_direct", "u_bob", "now you have a phone");
    run_for(std::chrono::milliseconds(100));
    ASSERT_EQ(push_.sent.size(), 1u);
    EXPECT_EQ(push_.sent[0].user_id, "u_alice");
    EXPECT_EQ(push_.sent[0].body, "now you have a phone");
}

TEST_F(OutboxWorkerTest, ReadBeforeTheEntryIsDueCancelsIt) {
    uint64_t seq = send_message("c_direct", "u_alice", "hello bob");
    db_.conversations["c_direct"].members[1].read_seq = seq;
    worker_->start();
    run_for(std::chrono::milliseconds(100));
    EXPECT_TRUE(push_.sent.empty());
    EXPECT_TRUE(db_.outbox.empty());
    EXPECT_EQ(metric("push_skipped_total{reason=\"already_read\"}"), 1);
}

TEST_F(OutboxWorkerTest, LiveSessionOnTheDeviceHoldsThePushUnlessInTheBackground) {
    runtime::Session& session = sessions_.open(1, transport_.handle(), "127.0.0.1", false);
    sessions_.bind(session, "u_bob", "phone");
    send_message("c_direct", "u_alice", "one");
    worker_->start();
    run_for(std::chrono::milliseconds(60));
    EXPECT_TRUE(push_.sent.empty());
    EXPECT_EQ(metric("push_skipped_total{reason=\"online\"}"), 1);

    session.background = true;
    send_message("c_direct", "u_alice", "two");
    run_for(std::chrono::milliseconds(60));
    ASSERT_EQ(push_.sent.size(), 1u);
    EXPECT_EQ(push_.sent[0].body, "two");
}

TEST_F(OutboxWorkerTest, MutedConversationAndMentionOnlyGroup) {
    db_.notify_settings[{"u_bob", "c_direct"}] = storage::NotifySetting{"u_bob", "c_direct", "all", util::now_ms() + 60'000};
    db_.notify_settings[{"u_bob", "c_group"}] = storage::NotifySetting{"u_bob", "c_group", "mentions", 0};
    db_.notify_settings[{"u_carol", "c_group"}] = storage::NotifySetting{"u_carol", "c_group", "mentions", 0};
    send_message("c_direct", "u_alice", "muted");
    send_message("c_group", "u_alice", "nobody mentioned");
    send_message("c_group", "u_alice", "@carol look", {"u_carol"});
    worker_->start();
    run_for(std::chrono::milliseconds(100));
    ASSERT_EQ(push_.sent.size(), 1u);
    EXPECT_EQ(push_.sent[0].user_id, "u_carol");
    EXPECT_EQ(push_.sent[0].title, "Climbing");
    EXPECT_EQ(push_.sent[0].body, "Alice: @carol look");
    EXPECT_EQ(metric("push_skipped_total{reason=\"muted\"}"), 1);
    // bob and carol for the first group message, bob for the second.
    EXPECT_EQ(metric("push_skipped_total{reason=\"not_mentioned\"}"), 3);
}

TEST_F(OutboxWorkerTest, RetryHonoursRetryAfterThenDeliversOnce) {
    push_.script.push_back(PushOutcome{SB_PUSH_RETRY, 429, "TooManyRequests", 150});
    send_message("c_direct", "u_alice", "hello");
    worker_->start();
    run_for(std::chrono::milliseconds(60));
    ASSERT_EQ(push_.sent.size(), 1u);
    ASSERT_EQ(db_.outbox.size(), 1u);
    const auto& pending = db_.outbox.begin()->second;
    EXPECT_EQ(pending.attempts, 1u);
    EXPECT_GE(pending.due_at, util::now_ms() + 50);
    EXPECT_EQ(metric("push_errors_total{provider=\"fcm\",code=\"429\"}"), 1);

    run_for(std::chrono::milliseconds(250));
    ASSERT_EQ(push_.sent.size(), 2u);
    EXPECT_EQ(push_.sent[1].id, push_.sent[0].id);  // the same idempotency key on the retry
    EXPECT_TRUE(db_.outbox.empty());
}

TEST_F(OutboxWorkerTest, GivesUpAfterMaxAttempts) {
    for (int i = 0; i < 20; ++i) push_.script.push_back(PushOutcome{SB_PUSH_RETRY, 503, "", 0});
    send_message("c_direct", "u_alice", "hello");
    worker_->start();
    run_for(std::chrono::milliseconds(2000));
    EXPECT_EQ(push_.sent.size(), settings_.max_attempts);
    EXPECT_TRUE(db_.outbox.empty());
    EXPECT_EQ(metric("push_skipped_total{reason=\"expired\"}"), 1);
}

TEST_F(OutboxWorkerTest, DeadTokenDeletesTheDevice) {
    push_.script.push_back(PushOutcome{SB_PUSH_DEAD_TOKEN, 404, "UNREGISTERED", 0});
    send_message("c_direct", "u_alice", "hello");
    worker_->start();
    run_for(std::chrono::milliseconds(100));
    EXPECT_EQ(db_.devices.count({"u_bob", "phone"}), 0u);
    EXPECT_TRUE(db_.outbox.empty());
    EXPECT_EQ(metric("push_errors_total{provider=\"fcm\",code=\"404\"}"), 1);
    EXPECT_EQ(metric("push_devices_deleted_total{provider=\"fcm\",when=\"at_send\"}"), 1);
}

TEST_F(OutboxWorkerTest, DeadTokenReportedAfterDeliveryDeletesThatTokensDevicesOfEveryUser) {
    add_device("u_bob", "iphone", "expo", "ExponentPushToken[gone]");
    add_device("u_carol", "ipad", "expo", "ExponentPushToken[gone]");
    add_device("u_alice", "pixel", "expo", "ExponentPushToken[alive]");
    add_device("u_alice", "web", "webhook", "ExponentPushToken[gone]");  // same text, another provider
    worker_->delete_dead_token("expo", "ExponentPushToken[gone]");
    run_for(std::chrono::milliseconds(50));
    EXPECT_EQ(db_.devices.count({"u_bob", "iphone"}), 0u);
    EXPECT_EQ(db_.devices.count({"u_carol", "ipad"}), 0u);
    EXPECT_EQ(db_.devices.count({"u_alice", "pixel"}), 1u);
    EXPECT_EQ(db_.devices.count({"u_alice", "web"}), 1u);
    EXPECT_EQ(db_.devices.count({"u_bob", "phone"}), 1u);
    EXPECT_EQ(metric("push_devices_deleted_total{provider=\"expo\",when=\"after_delivery\"}"), 2);
    EXPECT_TRUE(worker_->idle());
}

TEST_F(OutboxWorkerTest, DeadTokenKeepsADeviceThatRegisteredANewToken) {
    push_.script.push_back(PushOutcome{SB_PUSH_DEAD_TOKEN, 410, "Unregistered", 0});
    send_message("c_direct", "u_alice", "hello");
    // The device re-registers while the push is on its way.
    push_.on_send = [this] { add_device("u_bob", "phone", "fcm", "new-token"); };
    worker_->start();
    run_for(std::chrono::milliseconds(100));
    ASSERT_EQ(db_.devices.count({"u_bob", "phone"}), 1u);
    EXPECT_EQ((db_.devices[{"u_bob", "phone"}].token), "new-token");
}

TEST_F(OutboxWorkerTest, EntryClaimedBeforeACrashIsSentOnceWithItsKey) {
    // As left by a server killed after expanding an entry and before the provider's answer.
    storage::OutboxEntry e;
    e.entry_id = "m_1:u_bob/phone";
    e.user_id = "u_bob";
    e.device_id = "phone";
    e.category = SB_PUSH_MESSAGE;
    e.conversation_id = "c_direct";
    e.seq = 1;
    e.payload_json = R"({"event":"message.new","sender_name":"Alice","body":"hi","badge":1})";
    e.due_at = util::now_ms() - 1;
    e.created_at = util::now_ms();
    db_.outbox.emplace(e.entry_id, e);
    worker_->start();
    run_for(std::chrono::milliseconds(100));
    ASSERT_EQ(push_.sent.size(), 1u);
    EXPECT_EQ(push_.sent[0].id, "m_1:u_bob/phone");
    EXPECT_TRUE(db_.outbox.empty());
}

TEST_F(OutboxWorkerTest, ProviderWithoutPluginIsDroppedAndCounted) {
    add_device("u_bob", "tablet", "apns", "apns-token");
    send_message("c_direct", "u_alice", "hello");
    worker_->start();
    run_for(std::chrono::milliseconds(100));
    ASSERT_EQ(push_.sent.size(), 1u);  // the fcm phone
    EXPECT_EQ(metric("push_sent_total{provider=\"apns\",outcome=\"no_plugin\"}"), 1);
    EXPECT_TRUE(db_.outbox.empty());
}

TEST_F(OutboxWorkerTest, IncomingCallThenItsDismissalToTheSameDevices) {
    add_device("u_bob", "tablet", "fcm", "tablet-token");
    runtime::Session& session = sessions_.open(1, transport_.handle(), "127.0.0.1", false);
    sessions_.bind(session, "u_bob", "tablet");  // rings through call.incoming, no push
    worker_->start();
    notifier_->call_incoming("call_1", "c_direct", "u_alice", "u_bob", "video");
    run_for(std::chrono::milliseconds(60));
    ASSERT_EQ(push_.sent.size(), 1u);
    EXPECT_EQ(push_.sent[0].device_id, "phone");
    EXPECT_EQ(push_.sent[0].category, SB_PUSH_CALL);
    EXPECT_EQ(push_.sent[0].priority, SB_PUSH_HIGH);
    EXPECT_EQ(push_.sent[0].title, "Alice");

    notifier_->call_ended("call_1", "c_direct", "u_alice", "u_bob", "video", "cancelled", true);
    run_for(std::chrono::milliseconds(60));
    ASSERT_EQ(push_.sent.size(), 3u);
    EXPECT_EQ(push_.sent[1].category, SB_PUSH_CALL_DISMISS);
    EXPECT_EQ(push_.sent[1].device_id, "phone");
    EXPECT_EQ(push_.sent[2].category, SB_PUSH_MISSED_CALL);
    EXPECT_EQ(push_.sent[2].body, "Missed video call");
}

TEST_F(OutboxWorkerTest, CallToAnOnlineCalleeIsNeitherPushedNorDismissed) {
    runtime::Session& session = sessions_.open(1, transport_.handle(), "127.0.0.1", false);
    sessions_.bind(session, "u_bob", "phone");
    worker_->start();
    notifier_->call_incoming("call_2", "c_direct", "u_alice", "u_bob", "audio");
    run_for(std::chrono::milliseconds(60));
    notifier_->call_ended("call_2", "c_direct", "u_alice", "u_bob", "audio", "answered_elsewhere", false);
    run_for(std::chrono::milliseconds(60));
    EXPECT_TRUE(push_.sent.empty());
    EXPECT_TRUE(db_.outbox.empty());
}

TEST_F(OutboxWorkerTest, StoppedWorkerClaimsNothing) {
    send_message("c_direct", "u_alice", "hello");
    worker_->start();
    worker_->stop();
    run_for(std::chrono::milliseconds(60));
    EXPECT_TRUE(push_.sent.empty());
    EXPECT_EQ(db_.outbox.size(), 1u);
}

}  // namespace
}  // namespace switchboard::notify
