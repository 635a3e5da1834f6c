#include "exec/writer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <deque>
#include <memory>

#include "db/connection.hpp"
#include "db/sqlite_error.hpp"
#include "exec/operation.hpp"
#include "switchboard/sdk/testing/silent_host.hpp"
#include "switchboard/sdk/testing/storage_completion.hpp"
#include "temp_dir.hpp"

namespace switchboard::plugins::storage_sqlite {
namespace {

using db::Connection;
using exec::Operation;
using exec::OperationQueue;
using sdk::storage::Reply;
using exec::Writer;
using sdk::testing::StorageCompletion;
using sdk::testing::silent_host;

class WriterTest : public ::testing::Test {
protected:
    void SetUp() override {
        options_.path = dir_.file("writer.db");
        Connection setup(options_);
        setup.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)");
    }

    Operation insert(const std::string& name, StorageCompletion& completion) {
        return Operation{"insert",
                         [name](Connection& db) {
                             db.query("INSERT INTO items (name) VALUES (?1)").bind_text(1, name).run();
                             return Reply::ok();
                         },
                         completion.done()};
    }

    int64_t count_items() {
        Connection reader(options_);
        db::Query query = reader.query("SELECT count(*) FROM items");
        query.next();
        return query.column_int(0);
    }

    testing::TempDir dir_;
    db::ConnectionOptions options_;
    sb_host host_table_ = silent_host();
    sdk::Host host_{&host_table_};
};

TEST_F(WriterTest, CommitsEverythingQueuedInOneTransaction) {
    OperationQueue queue(1000);
    queue.open();
    std::deque<StorageCompletion> completions(200);
    for (size_t i = 0; i < completions.size(); ++i)
        ASSERT_EQ(queue.push(insert("item" + std::to_string(i), completions[i])), SB_OK);
    Writer writer(std::make_unique<Connection>(options_), queue, 1000, nullptr, host_);
    writer.start();
    queue.close();
    writer.join();
    EXPECT_EQ(writer.transactions(), 1u);
    EXPECT_EQ(writer.operations(), 200u);
    for (auto& c : completions) {
        EXPECT_EQ(c.calls(), 1);
        EXPECT_EQ(c.status(), SB_OK);
    }
    EXPECT_EQ(count_items(), 200);
}

TEST_F(WriterTest, SplitsBatchesAtMaxBatch) {
    OperationQueue queue(1000);
    queue.open();
    std::deque<StorageCompletion> completions(10);
    for (size_t i = 0; i < completions.size(); ++i) queue.push(insert("item" + std::to_string(i), completions[i]));
    Writer writer(std::make_unique<Connection>(options_), queue, 4, nullptr, host_);
    writer.start();
    queue.close();
    writer.join();
    EXPECT_EQ(writer.transactions(), 3u);
    EXPECT_EQ(count_items(), 10);
}

TEST_F(WriterTest, AFailingOperationDoesNotFailItsBatchMates) {
    OperationQueue queue(1000);
    queue.open();
    StorageCompletion first, duplicate, partial, thrown, last;
    queue.push(insert("a", first));
    queue.push(insert("a", duplicate));  // unique violation
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
    queue.push(insert("b", last));
    Writer writer(std::make_unique<Connection>(options_), queue, 1000, nullptr, host_);
    writer.start();
    queue.close();
    writer.join();
    EXPECT_EQ(writer.transactions(), 1u);
    EXPECT_EQ(first.status(), SB_OK);
    EXPECT_EQ(duplicate.status(), SB_ERR_CONFLICT);
    EXPECT_EQ(partial.status(), SB_ERR_NOT_FOUND);
    EXPECT_EQ(partial.message(), "changed my mind");
    EXPECT_EQ(thrown.status(), SB_ERR_INTERNAL);
    EXPECT_EQ(last.status(), SB_OK);
    for (StorageCompletion* c : {&first, &duplicate, &partial, &thrown, &last}) EXPECT_EQ(c->calls(), 1);
    Connection reader(options_);
    db::Query query = reader.query("SELECT group_concat(name, ',') FROM (SELECT name FROM items ORDER BY name)");
    ASSERT_TRUE(query.next());
    EXPECT_EQ(query.column_text(0), "a,b");
}

TEST_F(WriterTest, DoneRunsAfterTheCommitIsVisibleToOtherConnections) {
    OperationQueue queue(10);
    queue.open();
    Connection reader(options_);
    std::atomic<int64_t> seen{-1};
    struct Context {
        Connection* reader;
        std::atomic<int64_t>* seen;
    } context{&reader, &seen};
    auto on_done = [](void* ctx, sb_status, const char*, const void*) {
        auto* c = static_cast<Context*>(ctx);
        db::Query query = c->reader->query("SELECT count(*) FROM items");
        query.next();
        c->seen->store(query.column_int(0));
    };
    queue.push(Operation{"insert",
                         [](Connection& db) {
                             db.execute("INSERT INTO items (name) VALUES ('visible')");
                             return Reply::ok();
                         },
                         sdk::Done(on_done, &context)});
    Writer writer(std::make_unique<Connection>(options_), queue, 10, nullptr, host_);
    writer.start();
    queue.close();
    writer.join();
    EXPECT_EQ(seen.load(), 1);
}

}  // namespace
}  // namespace switchboard::plugins::storage_sqlite
