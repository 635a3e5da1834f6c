#include "stores/message_store.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "db/migrator.hpp"
#include "db/schema.hpp"
#include "exec/operation.hpp"
#include "exec/writer.hpp"
#include "stores/newest_seqs.hpp"
#include "switchboard/sdk/testing/silent_host.hpp"
#include "switchboard/sdk/testing/storage_completion.hpp"
#include "temp_dir.hpp"

namespace switchboard::plugins::storage_sqlite {
namespace {

using db::Connection;
using exec::Operation;
using exec::OperationQueue;
using exec::Writer;
using sdk::storage::Message;
using sdk::storage::Reply;
using sdk::testing::StorageCompletion;
using stores::MessageStore;
using stores::NewestSeqs;

// Appends through the writer as the plugin does: the writer's NewestSeqs
// spares the lookup of the newest seq, and must never leave a gap or reuse
// a seq when a write is undone.
class MessageStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        options_.path = dir_.file("messages.db");
        Connection setup(options_);
        db::Migrator(db::schema_migrations()).migrate(setup, [](std::string_view) {});
        setup.execute(
            "INSERT INTO conversations (conversation_id, type, title, created_by, created_at)"
            " VALUES ('c1', 'group', 't', 'u1', 1), ('c2', 'group', 't', 'u1', 1)");
    }

    static Message message(const std::string& conversation_id, const std::string& client_msg_id) {
        Message m;
        m.conversation_id = conversation_id;
        m.message_id = conversation_id + "-" + client_msg_id;
        m.sender_id = "u1";
        m.client_msg_id = client_msg_id;
        m.body = "hello";
        m.extra_json = "{}";
        m.sent_at = 1;
        return m;
    }

    Operation append(Message m, StorageCompletion& completion) {
        return Operation{"message_append",
                         [this, m](Connection& db) { return MessageStore(db).append(m, {}, &newest_); }, completion.done(),
                         true};
    }

    // Appends, then fails: the writer rolls the append back to its savepoint.
    Operation append_then_fail(Message m, StorageCompletion& completion) {
        return Operation{"append_then_fail",
                         [this, m](Connection& db) {
                             MessageStore(db).append(m, {}, &newest_);
                             return Reply::fail(SB_ERR_INTERNAL, "a later step failed");
                         },
                         completion.done()};
    }

    void run(std::vector<Operation> operations) {
        OperationQueue queue(100);
        queue.open();
        for (Operation& operation : operations) ASSERT_EQ(queue.push(std::move(operation)), SB_OK);
        Writer writer(std::make_unique<Connection>(options_), queue, 100, std::chrono::microseconds{0}, nullptr, host_);
        writer.on_undo([this] { newest_.clear(); });
        writer.start();
        queue.close();
        writer.join();
    }

    std::string seqs(const std::string& conversation_id) {
        Connection reader(options_);
        db::Query query = reader.query(
            "SELECT group_concat(seq || ':' || client_msg_id, ',') FROM"
            " (SELECT seq, client_msg_id FROM messages WHERE conversation_id = ?1 ORDER BY seq)");
        query.bind_text(1, conversation_id);
        query.next();
        return query.column_text(0);
    }

    testing::TempDir dir_;
    db::ConnectionOptions options_;
    sb_host host_table_ = sdk::testing::silent_host();
    sdk::Host host_{&host_table_};
    NewestSeqs newest_;
};

TEST_F(MessageStoreTest, SeqsFollowOnWithinABatchAndAcrossBatches) {
    std::deque<StorageCompletion> done(4);
    std::vector<Operation> first;
    first.push_back(append(message("c1", "a"), done[0]));
    first.push_back(append(message("c2", "b"), done[1]));
    first.push_back(append(message("c1", "c"), done[2]));
    run(std::move(first));
    EXPECT_EQ(newest_.find("c1"), 2u);
    std::vector<Operation> second;
    second.push_back(append(message("c1", "d"), done[3]));
    run(std::move(second));
    EXPECT_EQ(seqs("c1"), "1:a,2:c,3:d");
    EXPECT_EQ(seqs("c2"), "1:b");
    for (StorageCompletion& c : done) EXPECT_EQ(c.status(), SB_OK);
}

TEST_F(MessageStoreTest, AnUndoneAppendLeavesNoGapForTheNext) {
    std::deque<StorageCompletion> done(4);
    std::vector<Operation> batch;
    batch.push_back(append(message("c1", "a"), done[0]));
    batch.push_back(append_then_fail(message("c1", "undone"), done[1]));
    batch.push_back(append(message("c1", "b"), done[2]));
    run(std::move(batch));
    EXPECT_EQ(done[1].status(), SB_ERR_INTERNAL);
    EXPECT_EQ(seqs("c1"), "1:a,2:b");
    EXPECT_EQ(newest_.find("c1"), 2u);
}

TEST_F(MessageStoreTest, AResendReturnsTheOriginalAndTakesNoSeq) {
    std::deque<StorageCompletion> done(3);
    std::vector<Operation> batch;
    batch.push_back(append(message("c1", "a"), done[0]));
    batch.push_back(append(message("c1", "a"), done[1]));
    batch.push_back(append(message("c1", "b"), done[2]));
    run(std::move(batch));
    EXPECT_EQ(seqs("c1"), "1:a,2:b");
    ASSERT_EQ(done[1].status(), SB_OK);
    EXPECT_EQ(newest_.find("c1"), 2u);
}

TEST_F(MessageStoreTest, AnUnknownConversationIsNotFoundAndRemembersNothing) {
    std::deque<StorageCompletion> done(1);
    std::vector<Operation> batch;
    batch.push_back(append(message("nope", "a"), done[0]));
    run(std::move(batch));
    EXPECT_EQ(done[0].status(), SB_ERR_NOT_FOUND);
    EXPECT_FALSE(newest_.find("nope"));
}

TEST(NewestSeqsTest, StartsOverPastItsBound) {
    NewestSeqs newest;
    for (size_t i = 0; i < NewestSeqs::kMaxConversations; ++i) newest.remember("c" + std::to_string(i), i);
    newest.remember("c0", 7);
    EXPECT_EQ(newest.size(), NewestSeqs::kMaxConversations);
    newest.remember("another", 1);
    EXPECT_EQ(newest.size(), 1u);
    EXPECT_EQ(newest.find("another"), 1u);
}

}  // namespace
}  // namespace switchboard::plugins::storage_sqlite
