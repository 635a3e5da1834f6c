#include "exec/writer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
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

constexpr std::chrono::microseconds kNoWindow{0};

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
    Writer writer(std::make_unique<Connection>(options_), queue, 1000, kNoWindow, nullptr, host_);
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

TEST_F(WriterTest, UnderLoadTheBatchWindowGathersLargerTransactions) {
    using namespace std::chrono;
    auto run = [&](microseconds window) {
        OperationQueue queue(10000);
        queue.open();
        std::deque<StorageCompletion> completions(3000);
        Writer writer(std::make_unique<Connection>(options_), queue, 1000, window, nullptr, host_);
        writer.start();
        // Load: a burst of 40 writes every 2 ms for 150 ms, so batches reach
        // Writer::kBusyBatch whatever the machine's speed.
        auto next = steady_clock::now();
        for (size_t i = 0; i < completions.size(); ++i) {
            if (i % 40 == 0) {
                std::this_thread::sleep_until(next);
                next += milliseconds(2);
            }
            EXPECT_EQ(queue.push(insert("w" + std::to_string(window.count()) + "-" + std::to_string(i), completions[i])),
                      SB_OK);
        }
        queue.close();
        writer.join();
        for (auto& c : completions) EXPECT_EQ(c.status(), SB_OK);
        return writer.transactions();
    };
    uint64_t immediate = run(kNoWindow);
    uint64_t windowed = run(milliseconds(30));
    // Without a window each burst commits on its own (about 75; fewer when
    // slow commits, under a sanitizer or SQLite's own checkpoint, let bursts
    // meet); with one, about one transaction per 30 ms (five), plus the first
    // few before the load is seen.
    EXPECT_LE(windowed, 15u);
    EXPECT_GT(immediate, 2 * windowed);
    EXPECT_EQ(count_items(), 6000);
}

TEST_F(WriterTest, AnIdleWriterCommitsAtOnceWhateverTheWindow) {
    OperationQueue queue(10);
    queue.open();
    Writer writer(std::make_unique<Connection>(options_), queue, 1000, std::chrono::seconds(5), nullptr, host_);
    writer.start();
    StorageCompletion first;
    StorageCompletion second;
    auto started = std::chrono::steady_clock::now();
    ASSERT_EQ(queue.push(insert("first", first)), SB_OK);
    ASSERT_TRUE(first.wait());
    ASSERT_EQ(queue.push(insert("second", second)), SB_OK);
    ASSERT_TRUE(second.wait());
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
    queue.close();
    writer.join();
    EXPECT_EQ(count_items(), 2);
}

TEST_F(WriterTest, SplitsBatchesAtMaxBatch) {
    OperationQueue queue(1000);
    queue.open();
    std::deque<StorageCompletion> completions(10);
    for (size_t i = 0; i < completions.size(); ++i) queue.push(insert("item" + std::to_string(i), completions[i]));
    Writer writer(std::make_unique<Connection>(options_), queue, 4, kNoWindow, nullptr, host_);
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
    Writer writer(std::make_unique<Connection>(options_), queue, 1000, kNoWindow, nullptr, host_);
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
    Writer writer(std::make_unique<Connection>(options_), queue, 10, kNoWindow, nullptr, host_);
    writer.start();
    queue.close();
    writer.join();
    EXPECT_EQ(seen.load(), 1);
}

}  // namespace
}  // namespace switchboard::plugins::storage_sqlite
