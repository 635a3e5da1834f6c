#include "db/connection.hpp"

#include <sqlite3.h>

#include <string>

#include "db/sqlite_error.hpp"

namespace switchboard::plugins::storage_sqlite::db {

Connection::Connection(const ConnectionOptions& options) {
    // NOMUTEX: each connection is confined to one thread at a time, so
    // SQLite's own per-connection mutex would only cost time.
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(options.path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        SqliteError error = db_ ? SqliteError::from(db_, "open " + options.path)
                                : SqliteError(rc, "open " + options.path + ": out of memory");
        sqlite3_close(db_);
        throw error;
    }
    sqlite3_extended_result_codes(db_, 1);
    try {
        apply_pragmas(options);
    } catch (...) {
        sqlite3_close(db_);
        throw;
    }
}

Connection::~Connection() {
    statements_.clear();
    sqlite3_close(db_);
}

void Connection::apply_pragmas(const ConnectionOptions& options) {
    sqlite3_busy_timeout(db_, static_cast<int>(options.busy_timeout_ms));
    execute("PRAGMA journal_mode = WAL");
    // journal_mode answers with the mode it got; a file system without shared
    // memory support leaves it unchanged, and our durability promise with it.
    {
        Query mode = query("PRAGMA journal_mode");
        if (!mode.next() || mode.column_text(0) != "wal")
            throw SqliteError(SQLITE_CANTOPEN, options.path + ": cannot switch to WAL journal mode");
    }
    execute(options.synchronous_full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
    execute("PRAGMA foreign_keys = ON");
    std::string cache = "PRAGMA cache_size = -" + std::to_string(options.cache_size_bytes / 1024);
    execute(cache.c_str());
    // The WAL file keeps its largest size while the server runs (SQLite
    // removes it at the clean stop): a limit would truncate it in the first
    // commit after each restart of the WAL, on the writer thread, and that
    // truncation waits for the pages under writeback (87-124 ms a restart
    // under load, bench/README.md).
    execute("PRAGMA journal_size_limit = -1");
    // Pages are read through a memory map rather than one pread() each.
    std::string mmap = "PRAGMA mmap_size = " + std::to_string(options.mmap_size_bytes);
    execute(mmap.c_str());
    if (options.read_only) execute("PRAGMA query_only = ON");
}

void Connection::execute(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errmsg(db_);
        sqlite3_free(message);
        throw SqliteError(sqlite3_extended_errcode(db_), std::string("execute '") + sql + "': " + text);
    }
}

Query Connection::query(const char* sql) {
    auto it = statements_.find(sql);
    if (it == statements_.end()) it = statements_.emplace(sql, std::make_unique<Statement>(db_, sql)).first;
    return Query(db_, it->second->get());
}

int64_t Connection::changes() const {
    return sqlite3_changes64(db_);
}

bool Connection::in_transaction() const {
    return sqlite3_get_autocommit(db_) == 0;
}

void Connection::on_wal_commit(WalCommitHook on_commit, void* context) {
    wal_commit_hook_ = on_commit;
    wal_commit_context_ = context;
    // Replaces the hook through which SQLite checkpoints automatically.
    sqlite3_wal_hook(
        db_,
        [](void* self, sqlite3*, const char*, int pages) {
            auto* connection = static_cast<Connection*>(self);
            connection->wal_commit_hook_(connection->wal_commit_context_, pages);
            return SQLITE_OK;
        },
        this);
}

void Connection::checkpoint_passive() {
    if (sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr) != SQLITE_OK)
        throw SqliteError::from(db_, "checkpoint");
}

}  // namespace switchboard::plugins::storage_sqlite::db
