#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "db/connection.hpp"
#include "switchboard/sdk/host.hpp"

namespace switchboard::plugins::storage_sqlite::exec {

// Copies the WAL back into the database file on a thread of its own. SQLite's
// automatic checkpoint runs inside the COMMIT that crosses its threshold, on
// the writer thread: it cost the writer a fifth of its time, and its
// fdatasync() held every acknowledgement back for tens of milliseconds. The
// writer's connection reports each commit's WAL size through wal_committed();
// each time the WAL has grown by `threshold_pages` this thread runs a PASSIVE
// checkpoint, which never waits for the writer nor blocks it.
//
// The writer starts the WAL over (which keeps it small and its file blocks
// reused) only once a checkpoint has copied all of it, and under steady load
// it appends while ours runs. So past `limit_pages` the writer copies the
// rest itself, between two transactions where nothing can append:
// finish_on(). That pause is rare: the background passes leave it little.
class Checkpointer {
public:
    Checkpointer(std::unique_ptr<db::Connection> connection, int threshold_pages, int limit_pages,
                 const sdk::Host& host);
    ~Checkpointer();
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

    void start();
    // Runs a last checkpoint of what is committed, then ends the thread.
    void stop();

    // Called by the writer after each commit with the WAL's size in pages.
    void wal_committed(int wal_pages);
    // Past the limit, completes a checkpoint through the writer's
    // `connection`; otherwise does nothing. Writer thread, between transactions.
    void finish_on(db::Connection& connection) noexcept;

    uint64_t checkpoints() const noexcept { return checkpoints_.load(); }

private:
    void loop();
    // One PASSIVE checkpoint through `connection`, under pass_mutex_.
    void checkpoint(db::Connection& connection) noexcept;
    // The same with pass_mutex_ held by the caller.
    void run_pass(db::Connection& connection) noexcept;

    std::unique_ptr<db::Connection> connection_;
    const int threshold_pages_;
    const int limit_pages_;
    sdk::Host host_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable wanted_;
    bool due_ = false;       // guarded by mutex_
    bool stopping_ = false;  // guarded by mutex_
    int checked_pages_ = 0;  // guarded by mutex_: the WAL's size when the last pass was asked for
    std::mutex pass_mutex_;  // SQLite runs one checkpoint at a time and refuses a second
    std::atomic<int> wal_pages_{0};
    std::atomic<uint64_t> checkpoints_{0};
};

}  // namespace switchboard::plugins::storage_sqlite::exec
