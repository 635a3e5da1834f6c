// Conformance: many callers at once (gap-free seq under contention, per-caller
// order, one stored copy of a retried message) and read-your-writes.
#include <map>
#include <thread>

#include "storage_conformance.hpp"

namespace switchboard::conformance::storage {
namespace {

using records::AppendResult;
using AppendCall = std::shared_ptr<TypedCall<AppendResult>>;

TEST_F(StorageConformance, ConcurrentAppendsGetEverySeqExactlyOnce) {
    constexpr int kThreads = 8;
    constexpr int kPerThread = 500;
    std::vector<std::string> senders;
    for (int t = 0; t < kThreads; ++t) senders.push_back("sender" + std::to_string(t));
    create(group("shared", senders));
    for (const auto& sender : senders) create(group("own-" + sender, {sender}));

    // Every thread alternates between the shared conversation and its own.
    std::vector<std::vector<AppendCall>> calls(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            const std::string& sender = senders[t];
            for (int i = 0; i < kPerThread; ++i) {
                std::string conversation = i % 2 == 0 ? "shared" : "own-" + sender;
                calls[t].push_back(storage().message_append_async(
                    message(conversation, sender, sender + "-" + std::to_string(i), "body " + std::to_string(i), i)));
            }
        });
    }
    for (auto& thread : threads) thread.join();

    std::map<std::string, std::map<uint64_t, std::string>> stored;  // conversation -> seq -> client_msg_id
    for (int t = 0; t < kThreads; ++t) {
        std::map<std::string, uint64_t> previous;  // writes to one conversation keep their issue order
        for (const AppendCall& call : calls[t]) {
            auto outcome = StorageClient::finish(call);
            ASSERT_TRUE(succeeded(outcome));
            const auto& m = outcome.value.message;
            EXPECT_FALSE(outcome.value.duplicate);
            EXPECT_GT(m.seq, previous[m.conversation_id]) << m.client_msg_id << " overtook an earlier append";
            previous[m.conversation_id] = m.seq;
            EXPECT_TRUE(stored[m.conversation_id].emplace(m.seq, m.client_msg_id).second)
                << "seq " << m.seq << " given twice in " << m.conversation_id;
        }
    }

    for (const auto& [conversation, by_seq] : stored) {
        uint64_t count = by_seq.size();
        EXPECT_EQ(by_seq.begin()->first, 1u) << conversation;
        EXPECT_EQ(by_seq.rbegin()->first, count) << conversation << " has a gap";
        EXPECT_EQ(storage().conversation_get(conversation).value.last_seq, count);
        auto history = storage().message_history(conversation, 0, 0, static_cast<uint32_t>(count + 10));
        ASSERT_TRUE(succeeded(history));
        ASSERT_EQ(history.value.size(), count);
        for (size_t i = 0; i < history.value.size(); ++i) {
            EXPECT_EQ(history.value[i].seq, i + 1);
            EXPECT_EQ(history.value[i].client_msg_id, by_seq.at(i + 1));
        }
    }
    EXPECT_EQ(stored["shared"].size(), static_cast<size_t>(kThreads * kPerThread / 2));
    EXPECT_EQ(stored.size(), static_cast<size_t>(kThreads + 1));
}

TEST_F(StorageConformance, ConcurrentRetriesOfOneClientMsgIdStoreOneMessage) {
    create(group("g1", {"alice", "bob"}));
    std::vector<AppendCall> calls;
    std::mutex mutex;
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 10; ++i) {
                auto call = storage().message_append_async(
                    message("g1", "alice", "the-one", "attempt " + std::to_string(t * 10 + i), 2000));
                std::lock_guard lock(mutex);
                calls.push_back(call);
            }
        });
    }
    for (auto& thread : threads) thread.join();
    int originals = 0;
    std::string stored_body;
    for (const AppendCall& call : calls) {
        auto outcome = StorageClient::finish(call);
        ASSERT_TRUE(succeeded(outcome));
        EXPECT_EQ(outcome.value.message.seq, 1u);
        if (!outcome.value.duplicate) {
            ++originals;
            stored_body = outcome.value.message.body;
        }
    }
    EXPECT_EQ(originals, 1);
    for (const AppendCall& call : calls) EXPECT_EQ(StorageClient::finish(call).value.message.body, stored_body);
    EXPECT_EQ(storage().conversation_get("g1").value.last_seq, 1u);
}

TEST_F(StorageConformance, AReadIssuedAfterAWriteCompletedSeesIt) {
    constexpr int kThreads = 4;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) create(group("c" + std::to_string(t), {"alice", "bob"}));
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            std::string conversation = "c" + std::to_string(t);
            for (int i = 1; i <= 100; ++i) {
                std::string body = "m" + std::to_string(i);
                auto appended = storage().message_append(message(conversation, "alice", body, body, i));
                ASSERT_TRUE(succeeded(appended));
                uint64_t seq = appended.value.message.seq;
                auto got = storage().message_get(conversation, seq);
                ASSERT_TRUE(succeeded(got)) << conversation << " seq " << seq;
                EXPECT_EQ(got.value.body, body);
                EXPECT_EQ(storage().conversation_get(conversation).value.last_seq, seq);
                auto receipt = storage().receipt_set(conversation, "bob", SB_RECEIPT_READ, seq);
                ASSERT_TRUE(succeeded(receipt));
                EXPECT_EQ(receipt.value.read_seq, seq);
                auto history = storage().message_history(conversation, seq - 1, 0, 10);
                ASSERT_TRUE(succeeded(history));
                ASSERT_EQ(history.value.size(), 1u);
                EXPECT_EQ(history.value[0].seq, seq);
            }
        });
    }
    for (auto& thread : threads) thread.join();
}

}  // namespace
}  // namespace switchboard::conformance::storage
