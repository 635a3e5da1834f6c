#include "exec/checkpointer.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <deque>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "db/connection.hpp"
#include "exec/operation.hpp"
#include "exec/writer.hpp"
#include "switchboard/sdk/testing/silent_host.hpp"
#include "switchboard/sdk/testing/storage_completion.hpp"
#include "temp_dir.hpp"

namespace switchboard::plugins::storage_sqlite {
namespace {

using db::Connection;
using exec::Checkpointer;
using exec::Operation;
using exec::OperationQueue;
using sdk::storage::Reply;
using exec::Writer;
using sdk::testing::StorageCompletion;
using sdk::testing::silent_host;

class CheckpointerTest : public ::testing::Test {
protected:
    void SetUp() override {
        options_.path = dir_.file("checkpoint.db");
        Connection setup(options_);
        setup.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)");
    }

    // One transaction of `rows` rows of a page each.
    Operation insert_pages(int rows, StorageCompletion& completion) {
        return Operation{"insert",
                         [rows](Connection& db) {
                             for (int i = 0; i < rows; ++i)
                                 db.query("INSERT INTO items (payload) VALUES (zeroblob(4000))").run();
                             return Reply::ok();
                         },
                         completion.done()};
    }

    // 2,000 pages in 500 transactions, queued at once so the writer never
    // pauses; the checkpointer is stopped afterwards.
    void run_writes(int threshold_pages, int limit_pages) {
        checkpointer_ = std::make_unique<Checkpointer>(std::make_unique<Connection>(options_), threshold_pages,
                                                       limit_pages, host_);
        auto writer_connection = std::make_unique<Connection>(options_);
        writer_connection->on_wal_commit(
            [](void* c, int pages) { static_cast<Checkpointer*>(c)->wal_committed(pages); }, checkpointer_.get());
        OperationQueue queue(10'000);
        queue.open();
        Writer writer(std::move(writer_connection), queue, 1, std::chrono::microseconds{0}, checkpointer_.get(), host_);
        checkpointer_->start();
        writer.start();
        std::deque<StorageCompletion> completions(500);
        for (StorageCompletion& completion : completions) ASSERT_EQ(queue.push(insert_pages(4, completion)), SB_OK);
        for (StorageCompletion& completion : completions) {
            ASSERT_TRUE(completion.wait());
            EXPECT_EQ(completion.status(), SB_OK);
        }
        queue.close();
        writer.join();
        checkpointer_->stop();
    }

    int64_t count_items() {
        Connection reader(options_);
        db::Query count = reader.query("SELECT count(*) FROM items");
        return count.next() ? count.column_int(0) : -1;
    }

    uintmax_t wal_bytes() const {
        std::error_code error;
        const uintmax_t size = std::filesystem::file_size(options_.path + "-wal", error);
        return error ? 0 : size;
    }

    testing::TempDir dir_;
    db::ConnectionOptions options_;
    std::unique_ptr<Checkpointer> checkpointer_;
    sb_host host_table_ = silent_host();
    sdk::Host host_{&host_table_};
};

TEST_F(CheckpointerTest, TheWriterStartsTheWalOverPastTheLimit) {
    // No background pass (its threshold is out of reach): only the writer's
    // finishing passes let the WAL start over, SQLite's own checkpoint being off.
    constexpr int kLimitPages = 64;
    run_writes(1'000'000, kLimitPages);
    EXPECT_GE(checkpointer_->checkpoints(), 3000u / (kLimitPages + 6) - 1);
    // Without them the WAL would hold all 3,000 frames (12 MB); with them it
    // stays near the limit (each transaction adds 6 frames).
    EXPECT_LT(wal_bytes(), uintmax_t{kLimitPages + 16} * (4096 + 24) + 32);
    EXPECT_EQ(count_items(), 2000);
}

TEST_F(CheckpointerTest, RunsBackgroundPassesAsTheWalGrows) {
    run_writes(16, 1'000'000);
    EXPECT_GT(checkpointer_->checkpoints(), 0u);
    EXPECT_EQ(count_items(), 2000);
}

TEST_F(CheckpointerTest, StopCopiesWhatIsCommitted) {
    Checkpointer checkpointer(std::make_unique<Connection>(options_), 1'000'000, 2'000'000, host_);
    checkpointer.start();
    {
        Connection writer(options_);
        writer.on_wal_commit([](void* c, int pages) { static_cast<Checkpointer*>(c)->wal_committed(pages); },
                             &checkpointer);
        writer.execute("INSERT INTO items (payload) VALUES (zeroblob(4000))");
        EXPECT_GT(wal_bytes(), 0u);
        EXPECT_EQ(checkpointer.checkpoints(), 0u);  // far below the threshold
        checkpointer.stop();
        EXPECT_EQ(checkpointer.checkpoints(), 1u);
        // The database file itself now has the row: open it without the WAL.
        std::filesystem::copy_file(options_.path, dir_.file("copy.db"));
    }
    db::ConnectionOptions copy = options_;
    copy.path = dir_.file("copy.db");
    options_ = copy;
    EXPECT_EQ(count_items(), 1);
}

}  // namespace
}  // namespace switchboard::plugins::storage_sqlite
