#pragma once

#include <memory>
#include <unordered_map>

#include "db/connection_options.hpp"
#include "db/query.hpp"
#include "db/statement.hpp"

struct sqlite3;

namespace switchboard::plugins::storage_sqlite::db {

// One SQLite connection in WAL mode with foreign keys on, used by one thread
// at a time. Keeps its prepared statements for reuse.
class Connection {
public:
    explicit Connection(const ConnectionOptions& options);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Runs one or more statements that return nothing (schema, pragmas).
    void execute(const char* sql);

    // A use of the prepared statement for `sql`, which must be a string
    // literal: the cache is keyed by its address.
    Query query(const char* sql);

    // Rows changed by the last INSERT, UPDATE or DELETE.
    int64_t changes() const;
    // False when no transaction is open, e.g. after SQLite rolled one back by itself.
    bool in_transaction() const;

    // Turns SQLite's automatic checkpoint off and calls `on_commit` after
    // each commit with the WAL's size in pages, on this connection's thread.
    using WalCommitHook = void (*)(void* context, int wal_pages);
    void on_wal_commit(WalCommitHook on_commit, void* context);
    // Copies what it can of the WAL into the database without waiting for
    // (or blocking) the writer or readers. Throws SqliteError on failure.
    void checkpoint_passive();

private:
    void apply_pragmas(const ConnectionOptions& options);

    sqlite3* db_ = nullptr;
    WalCommitHook wal_commit_hook_ = nullptr;
    void* wal_commit_context_ = nullptr;
    std::unordered_map<const char*, std::unique_ptr<Statement>> statements_;
};

}  // namespace switchboard::plugins::storage_sqlite::db
