#include "exec/writer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <deque>
#include <memory>
#include <set>
#include <string_view>
#include <vector>

#include "db/connection.hpp"
#include "exec/operation.hpp"
#include "switchboard/sdk/testing/silent_host.hpp"
#include "switchboard/sdk/testing/storage_completion.hpp"
#include "test_schema.hpp"

namespace switchboard::plugins::storage_postgres {
namespace {

using db::Connection;
using exec::Operation;
using exec::OperationQueue;
using sdk::storage::Reply;
using exec::Writer;
using sdk::testing::StorageCompletion;

class WriterTest : public ::testing::Test {
protected:
    void SetUp() override {
        schema_.admin("CREATE SCHEMA " + schema_.name());
        schema_.sql("CREATE TABLE items (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE)");
        settings_ = db::ConnectionSettings::parse(testing::TestSchema::url(), 5000);
        settings_.schema = schema_.name();
        settings_.conninfo += " application_name='" + schema_.name() + "'";
    }

    std::unique_ptr<Connection> connect() { return std::make_unique<Connection>(settings_, host_); }

    static Operation insert(const std::string& name, StorageCompletion& completion) {
        return Operation{"insert",
                         [name](Connection& db) {
                             db.query("INSERT INTO items (name) VALUES ($1)").text(name).run();
                             return Reply::ok();
                         },
                         completion.done()};
    }

    static Writer::AppendAll no_appends() {
        return [](Connection&, const std::vector<const sdk::storage::Message*>&) {
            ADD_FAILURE() << "append_all called without appends";
            return std::vector<Reply>{};
        };
    }

    // An append whose message body is the item's name: run() inserts it
    // alone, the writer's append_all (below) inserts a run of them at once.
    static Operation append(const std::string& name, StorageCompletion& completion) {
        auto message = std::make_shared<sdk::storage::Message>();
        message->body = name;
        Operation operation = insert(name, completion);
        operation.name = "append";
        operation.append = message;
        return operation;
    }
    Writer::AppendAll insert_all() {
        return [this](Connection& db, const std::vector<const sdk::storage::Message*>& messages) {
            append_all_calls_.push_back(messages.size());
            std::vector<std::string_view> names;
            for (const auto* m : messages) names.push_back(m->body);
            pqxx::result inserted =
                db.query("INSERT INTO items (name) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING RETURNING name")
                    .text_array(names)
                    .run();
            std::multiset<std::string> stored;
            for (const auto& row : inserted) stored.insert(row[0].c_str());
            std::vector<Reply> replies;
            for (const auto* m : messages) {
                auto it = stored.find(m->body);
                replies.push_back(it != stored.end() ? Reply::ok() : Reply::fail(SB_ERR_CONFLICT, "taken"));
                if (it != stored.end()) stored.erase(it);
            }
            return replies;
        };
    }

    std::string names() { return schema_.scalar("SELECT string_agg(name, ',' ORDER BY name) FROM items"); }
    int64_t count_items() { return std::stoll(schema_.scalar("SELECT count(*) FROM items")); }

    testing::TestSchema schema_;
    db::ConnectionSettings settings_;
    std::vector<size_t> append_all_calls_;
    sb_host host_table_ = sdk::testing::silent_host();
    sdk::Host host_{&host_table_};
};

TEST_F(WriterTest, CommitsEverythingQueuedInOneTransaction) {
    OperationQueue queue(1000);
    queue.open();
    std::deque<StorageCompletion> completions(200);
    for (size_t i = 0; i < completions.size(); ++i)
        ASSERT_EQ(queue.push(insert("item" + std::to_string(i), completions[i])), SB_OK);
    Writer writer(connect(), queue, 1000, host_, no_appends());
    writer.start();
    queue.close();
    writer.join();
    EXPECT_EQ(writer.transactions(), 1u);
    EXPECT_EQ(writer.operations(), 200u);
    for (auto& c : completions) {
        EXPECT_EQ(c.calls(), 1);
        EXPECT_EQ(c.status(), SB_OK) << c.message();
    }
    EXPECT_EQ(count_items(), 200);
}

TEST_F(WriterTest, SplitsBatchesAtMaxBatch) {
    OperationQueue queue(1000);
    queue.open();
    std::deque<StorageCompletion> completions(10);
    for (size_t i = 0; i < completions.size(); ++i) queue.push(insert("item" + std::to_string(i), completions[i]));
    Writer writer(connect(), queue, 4, host_, no_appends());
    writer.start();
    queue.close();
    writer.join();
    EXPECT_EQ(writer.transactions(), 3u);
    EXPECT_EQ(count_items(), 10);
}

TEST_F(WriterTest, AFailingOperationDoesNotFailItsBatchMates) {
    OperationQueue queue(1000);
    queue.open();
    StorageCompletion first, duplicate, partial, thrown, nul, last;
    queue.push(insert("a", first));
    queue.push(insert("a", duplicate));  // unique violation: PostgreSQL aborts up to the savepoint
    // Writes, then reports failure: its write must be rolled back.
    queue.push(Operation{"partial",
                         [](Connection& db) {
                             db.execute("INSERT INTO items (name) VALUES ('partial')");
                             return Reply::fail(SB_ERR_NOT_FOUND, "changed my mind");
                         },
                         partial.done()});
    queue.push(Operation{"thrown",
                         [](Connection& db) -> Reply {
                             db.execute("INSERT INTO items (name) VALUES ('thrown')");
                             throw std::runtime_error("boom");
                         },
                         thrown.done()});
    queue.push(insert(std::string("nul\0byte", 8), nul));
    queue.push(insert("b", last));
    Writer writer(connect(), queue, 1000, host_, no_appends());
    writer.start();
    queue.close();
    writer.join();
    EXPECT_EQ(writer.transactions(), 1u);
    EXPECT_EQ(first.status(), SB_OK);
    EXPECT_EQ(duplicate.status(), SB_ERR_CONFLICT);
    EXPECT_NE(duplicate.message().find("duplicate key value violates unique constraint"), std::string::npos)
        << duplicate.message();
    EXPECT_EQ(partial.status(), SB_ERR_NOT_FOUND);
    EXPECT_EQ(partial.message(), "changed my mind");
    EXPECT_EQ(thrown.status(), SB_ERR_INTERNAL);
    EXPECT_EQ(nul.status(), SB_ERR_BAD_REQUEST);
    EXPECT_EQ(last.status(), SB_OK);
    for (StorageCompletion* c : {&first, &duplicate, &partial, &thrown, &nul, &last}) EXPECT_EQ(c->calls(), 1);
    EXPECT_EQ(names(), "a,b");
}

TEST_F(WriterTest, AFailingLastOperationIsRolledBackBeforeTheCommit) {
    OperationQueue queue(10);
    queue.open();
    StorageCompletion first, failing;
    queue.push(insert("a", first));
    queue.push(Operation{"failing",
                         [](Connection& db) {
                             db.execute("INSERT INTO items (name) VALUES ('undone')");
                             return Reply::fail(SB_ERR_CONFLICT, "no");
                         },
                         failing.done()});
    Writer writer(connect(), queue, 10, host_, no_appends());
    writer.start();
    queue.close();
    writer.join();
    EXPECT_EQ(first.status(), SB_OK);
    EXPECT_EQ(failing.status(), SB_ERR_CONFLICT);
    EXPECT_EQ(names(), "a");
}

TEST_F(WriterTest, DoneRunsAfterTheCommitIsVisibleToOtherConnections) {
    OperationQueue queue(10);
    queue.open();
    std::atomic<int64_t> seen{-1};
    struct Context {
        testing::TestSchema* schema;
        std::atomic<int64_t>* seen;
    } context{&schema_, &seen};
    auto on_done = [](void* ctx, sb_status, const char*, const void*) {
        auto* c = static_cast<Context*>(ctx);
        c->seen->store(std::stoll(c->schema->scalar("SELECT count(*) FROM items")));
    };
    queue.push(Operation{"insert",
                         [](Connection& db) {
                             db.execute("INSERT INTO items (name) VALUES ('visible')");
                             return Reply::ok();
                         },
                         sdk::Done(on_done, &context)});
    Writer writer(connect(), queue, 10, host_, no_appends());
    writer.start();
    queue.close();
    writer.join();
    EXPECT_EQ(seen.load(), 1);
}

TEST_F(WriterTest, AConnectionThatDiedWhileIdleIsReplacedAndTheBatchRetried) {
    OperationQueue queue(10);
    queue.open();
    StorageCompletion before, after;
    queue.push(insert("before", before));
    Writer writer(connect(), queue, 10, host_, no_appends());
    writer.start();
    ASSERT_TRUE(before.wait());
    ASSERT_EQ(before.status(), SB_OK);
    // The server ends the writer's session, as on a restart or failover.
    EXPECT_EQ(schema_.admin("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '" +
                            schema_.name() + "'")[0][0]
                  .as<int>(),
              1);
    queue.push(insert("after", after));
    ASSERT_TRUE(after.wait());
    EXPECT_EQ(after.status(), SB_OK) << after.message();
    queue.close();
    writer.join();
    EXPECT_EQ(names(), "after,before");
}

TEST_F(WriterTest, OperationsFailWithUnavailableWhenTheServerCannotBeReached) {
    settings_ = db::ConnectionSettings::parse("postgresql://switchboard@127.0.0.1:1/switchboard", 1000);
    OperationQueue queue(10);
    queue.open();
    StorageCompletion first, second;
    queue.push(insert("x", first));
    queue.push(insert("y", second));
    Writer writer(connect(), queue, 10, host_, no_appends());
    writer.start();
    queue.close();
    writer.join();
    for (StorageCompletion* c : {&first, &second}) {
        EXPECT_EQ(c->calls(), 1);
        EXPECT_EQ(c->status(), SB_ERR_UNAVAILABLE);
        EXPECT_NE(c->message().find("cannot connect to PostgreSQL at postgresql://switchboard@127.0.0.1:1/switchboard"),
                  std::string::npos)
            << c->message();
    }
}

TEST_F(WriterTest, ConsecutiveAppendsAreStoredInOneStatement) {
    OperationQueue queue(100);
    queue.open();
    std::deque<StorageCompletion> completions(6);
    queue.push(append("a1", completions[0]));
    queue.push(append("a2", completions[1]));
    queue.push(append("a3", completions[2]));
    queue.push(insert("between", completions[3]));
    queue.push(append("b1", completions[4]));  // alone: its own run()
    queue.push(insert("last", completions[5]));
    Writer writer(connect(), queue, 100, host_, insert_all());
    writer.start();
    queue.close();
    writer.join();
    EXPECT_EQ(writer.transactions(), 1u);
    EXPECT_EQ(append_all_calls_, std::vector<size_t>{3});
    for (auto& c : completions) EXPECT_EQ(c.status(), SB_OK) << c.message();
    EXPECT_EQ(names(), "a1,a2,a3,b1,between,last");
}

TEST_F(WriterTest, AFailedAppendInACombinedRunFailsAloneThroughTheSavepointRun) {
    OperationQueue queue(100);
    queue.open();
    std::deque<StorageCompletion> completions(4);
    queue.push(append("a", completions[0]));
    queue.push(append("b", completions[1]));
    queue.push(append("a", completions[2]));  // taken by the first
    queue.push(append("c", completions[3]));
    Writer writer(connect(), queue, 100, host_, insert_all());
    writer.start();
    queue.close();
    writer.join();
    EXPECT_EQ(append_all_calls_, std::vector<size_t>{4});  // then each op alone, in its savepoint
    EXPECT_EQ(completions[0].status(), SB_OK);
    EXPECT_EQ(completions[1].status(), SB_OK);
    EXPECT_EQ(completions[2].status(), SB_ERR_CONFLICT);
    EXPECT_EQ(completions[3].status(), SB_OK);
    for (auto& c : completions) EXPECT_EQ(c.calls(), 1);
    EXPECT_EQ(names(), "a,b,c");
}

}  // namespace
}  // namespace switchboard::plugins::storage_postgres
