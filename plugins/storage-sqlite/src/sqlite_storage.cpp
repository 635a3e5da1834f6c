#include "sqlite_storage.hpp"

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "db/migrator.hpp"
#include "db/schema.hpp"
#include "stores/message_store.hpp"
#include "stores/outbox_store.hpp"
#include "switchboard/sdk/error.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/sdk/storage/message.hpp"
#include "switchboard/sdk/storage/request_fields.hpp"

namespace switchboard::plugins::storage_sqlite {

using db::Connection;
using sdk::Done;
using sdk::storage::required;

namespace {

// The WAL size (in pages, 16 MiB at SQLite's default 4 KiB) past which a
// commit asks for a background checkpoint. Larger than SQLite's default
// 1,000 pages: a hot page (a conversation's row, an index's inner pages)
// committed many times meanwhile is copied back once.
constexpr int kCheckpointPages = 4096;
// ... and past which the writer completes one itself (64 MiB), so the WAL
// starts over even under constant writes.
constexpr int kCheckpointLimitPages = 16384;

void create_parent_directories(const std::string& path) {
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (parent.empty()) return;
    std::error_code error;
    std::filesystem::create_directories(parent, error);
    if (error)
        throw sdk::Error(SB_ERR_UNAVAILABLE,
                         "storage.sqlite: cannot create directory " + parent.string() + ": " + error.message());
}

}  // namespace

SqliteStorage::SqliteStorage(const sdk::Host& host) : SqliteStorage(host, Settings::from(host)) {}

SqliteStorage::SqliteStorage(const sdk::Host& host, Settings settings)
    : QueuedStorage("storage.sqlite", settings.max_queue), host_(host), settings_(std::move(settings)) {}

SqliteStorage::~SqliteStorage() {
    stop();
}

void SqliteStorage::start() {
    if (writer_) throw sdk::Error(SB_ERR_INTERNAL, "storage.sqlite: already started");
    const std::string& path = settings_.connection.path;
    create_parent_directories(path);
    auto writer_connection = std::make_unique<Connection>(settings_.connection);
    db::Migrator migrator(db::schema_migrations());
    auto log = [&](std::string_view message) { host_.info(std::string(message)); };
    int version =
        settings_.migrate ? migrator.migrate(*writer_connection, log) : migrator.require_current(*writer_connection);

    db::ConnectionOptions reader_options = settings_.connection;
    reader_options.read_only = true;
    std::vector<std::unique_ptr<Connection>> reader_connections;
    for (size_t i = 0; i < settings_.reader_threads; ++i)
        reader_connections.push_back(std::make_unique<Connection>(reader_options));

    checkpointer_ = std::make_unique<exec::Checkpointer>(std::make_unique<Connection>(settings_.connection),
                                                         kCheckpointPages, kCheckpointLimitPages, host_);
    writer_connection->on_wal_commit(
        [](void* checkpointer, int wal_pages) { static_cast<exec::Checkpointer*>(checkpointer)->wal_committed(wal_pages); },
        checkpointer_.get());
    writer_ = std::make_unique<exec::Writer>(std::move(writer_connection), writes_, settings_.max_batch,
                                             settings_.batch_window, checkpointer_.get(), host_);
    writer_->on_undo([this] { newest_seqs_.clear(); });
    auto run_read = [host = host_](Connection& connection, exec::Operation& operation) {
        return exec::run_read(connection, operation, host);
    };
    readers_ = std::make_unique<exec::ReaderPool>(std::move(reader_connections), reads_, "sb-sqlite-read", run_read);
    writes_.open();
    reads_.open();
    checkpointer_->start();
    writer_->start();
    readers_->start();
    host_.info("opened " + path + " (schema version " + std::to_string(version) +
               ", WAL, synchronous=" + (settings_.connection.synchronous_full ? "full" : "normal") + ", " +
               std::to_string(settings_.reader_threads) + " reader thread(s))");
}

void SqliteStorage::migrate() {
    create_parent_directories(settings_.connection.path);
    Connection connection(settings_.connection);
    db::Migrator migrator(db::schema_migrations());
    int before = migrator.current_version(connection);
    auto log = [&](std::string_view message) { host_.info(std::string(message)); };
    int after = migrator.migrate(connection, log);
    if (before == after)
        host_.info(settings_.connection.path + " is current (schema version " + std::to_string(after) +
                   "): nothing to apply");
    else
        host_.info(settings_.connection.path + " migrated from schema version " + std::to_string(before) + " to " +
                   std::to_string(after));
}

void SqliteStorage::stop() {
    writes_.close();
    reads_.close();
    if (!writer_) return;
    writer_->join();
    readers_->join();
    checkpointer_->stop();
    host_.info("stopped after " + std::to_string(writer_->operations()) + " write operations in " +
               std::to_string(writer_->transactions()) + " transactions, " +
               std::to_string(checkpointer_->checkpoints()) + " checkpoints");
    writer_.reset();
    readers_.reset();
    checkpointer_.reset();
}

// ---- messages

void SqliteStorage::message_append(const sb_message_append_request& req, Done done) {
    auto r = sdk::read_record(req);
    auto message = sdk::storage::Message::from_append(required(r.message, "message", "storage.sqlite"));
    auto notify = sdk::storage::outbox_entries_from(r.notify, r.notify_count);
    // Linking attachments or queueing notifications adds statements to the
    // insert: those appends need the writer's savepoint; a plain one is a single write.
    bool single_write = message.attachments.empty() && notify.empty();
    enqueue(writes_, exec::Operation{"message_append",
                                     [this, message = std::move(message), notify = std::move(notify)](Connection& db) {
                                         return stores::MessageStore(db).append(message, notify, &newest_seqs_);
                                     },
                                     done, single_write});
}

}  // namespace switchboard::plugins::storage_sqlite
