#include "exec/run_read.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
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
using exec::Operation;
using exec::OperationQueue;
using sdk::storage::Reply;
using sdk::testing::StorageCompletion;
using sdk::testing::silent_host;

TEST(ReaderPool, ServesReadsWhileTheWriterHoldsATransaction) {
    testing::TempDir dir;
    db::ConnectionOptions options;
    options.path = dir.file("readers.db");
    {
        Connection setup(options);
        setup.execute("CREATE TABLE items (name TEXT NOT NULL); INSERT INTO items VALUES ('committed')");
    }
    sb_host table = silent_host();
    sdk::Host host(&table);
    OperationQueue writes(10);
    OperationQueue reads(10);
    writes.open();
    reads.open();
    exec::Writer writer(std::make_unique<Connection>(options), writes, 10, std::chrono::microseconds{0}, nullptr, host);
    db::ConnectionOptions reader_options = options;
    reader_options.read_only = true;
    std::vector<std::unique_ptr<Connection>> reader_connections;
    reader_connections.push_back(std::make_unique<Connection>(reader_options));
    exec::ReaderPool readers(std::move(reader_connections), reads, "sb-sqlite-read",
                             [&host](db::Connection& connection, exec::Operation& operation) {
                                 return exec::run_read(connection, operation, host);
                             });
    writer.start();
    readers.start();

    // A write that keeps its transaction open until the read is done.
    std::atomic<bool> release{false};
    std::atomic<bool> writing{false};
    StorageCompletion write;
    writes.push(Operation{"slow write",
                          [&](Connection& db) {
                              db.execute("INSERT INTO items VALUES ('uncommitted')");
                              writing = true;
                              auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
                              while (!release && std::chrono::steady_clock::now() < deadline)
                                  std::this_thread::sleep_for(std::chrono::milliseconds(1));
                              return Reply::ok();
                          },
                          write.done()});
    while (!writing) std::this_thread::sleep_for(std::chrono::milliseconds(1));

    std::atomic<int64_t> seen{-1};
    StorageCompletion read;
    reads.push(Operation{"count",
                         [&](Connection& db) {
                             db::Query query = db.query("SELECT count(*) FROM items");
                             query.next();
                             seen = query.column_int(0);
                             return Reply::ok();
                         },
                         read.done()});
    EXPECT_TRUE(read.wait(std::chrono::seconds(5)));
    EXPECT_EQ(seen.load(), 1);  // the snapshot before the open transaction
    EXPECT_EQ(write.calls(), 0);
    release = true;
    EXPECT_TRUE(write.wait());
    writes.close();
    reads.close();
    writer.join();
    readers.join();
}

}  // namespace
}  // namespace switchboard::plugins::storage_sqlite
