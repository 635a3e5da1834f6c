#include "postgres_storage.hpp"

#include <string>
#include <vector>

#include "db/connection.hpp"
#include "db/migrator.hpp"
#include "db/schema.hpp"
#include "stores/message_store.hpp"
#include "switchboard/sdk/error.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/sdk/storage/message.hpp"
#include "switchboard/sdk/storage/outbox_entry.hpp"
#include "switchboard/sdk/storage/request_fields.hpp"

namespace switchboard::plugins::storage_postgres {

using db::Connection;
using sdk::Done;
using sdk::storage::required;

PostgresStorage::PostgresStorage(const sdk::Host& host) : PostgresStorage(host, Settings::from(host)) {}

PostgresStorage::PostgresStorage(const sdk::Host& host, Settings settings)
    : QueuedStorage("storage.postgres", settings.max_queue), host_(host), settings_(std::move(settings)) {}

PostgresStorage::~PostgresStorage() {
    stop();
}

void PostgresStorage::start() {
    if (writer_) throw sdk::Error(SB_ERR_INTERNAL, "storage.postgres: already started");
    auto writer_connection = std::make_unique<Connection>(settings_.connection, host_);
    writer_connection->open();
    db::Migrator migrator(db::schema_migrations());
    auto log = [&](std::string_view message) { host_.info(std::string(message)); };
    int version =
        settings_.migrate ? migrator.migrate(*writer_connection, log) : migrator.require_current(*writer_connection);

    std::vector<std::unique_ptr<Connection>> reader_connections;
    for (size_t i = 1; i < settings_.pool_size; ++i) {
        reader_connections.push_back(std::make_unique<Connection>(settings_.connection, host_));
        reader_connections.back()->open();
    }
    std::string session = writer_connection->session_description();

    writer_ = std::make_unique<exec::Writer>(
        std::move(writer_connection), writes_, settings_.max_batch, host_,
        [](Connection& db, const std::vector<const sdk::storage::Message*>& messages) {
            return stores::MessageStore(db).append_all(messages);
        });
    auto run_read = [host = host_](Connection& connection, exec::Operation& operation) {
        return exec::run_read(connection, operation, host);
    };
    readers_ = std::make_unique<exec::ReaderPool>(std::move(reader_connections), reads_, "sb-pg-read", run_read);
    writes_.open();
    reads_.open();
    writer_->start();
    readers_->start();
    host_.info("connected to " + settings_.connection.description + " (" + session + "); schema " +
               settings_.connection.schema + " at version " + std::to_string(version) + "; " +
               std::to_string(settings_.pool_size) + " connections: 1 writer, " +
               std::to_string(settings_.pool_size - 1) + " reader(s)");
}

void PostgresStorage::migrate() {
    Connection connection(settings_.connection, host_);
    connection.open();
    int before = db::Migrator::current_version(connection);
    auto log = [&](std::string_view message) { host_.info(std::string(message)); };
    int after = db::Migrator(db::schema_migrations()).migrate(connection, log);
    std::string schema = "schema " + settings_.connection.schema + " of " + settings_.connection.description;
    if (before == after)
        host_.info(schema + " is current (version " + std::to_string(after) + "): nothing to apply");
    else
        host_.info(schema + " migrated from version " + std::to_string(before) + " to " + std::to_string(after));
}

void PostgresStorage::stop() {
    writes_.close();
    reads_.close();
    if (!writer_) return;
    writer_->join();
    readers_->join();
    host_.info("stopped after " + std::to_string(writer_->operations()) + " write operations in " +
               std::to_string(writer_->transactions()) + " transactions");
    writer_.reset();
    readers_.reset();
}

// ---- messages

void PostgresStorage::message_append(const sb_message_append_request& req, Done done) {
    auto r = sdk::read_record(req);
    auto message = std::make_shared<const sdk::storage::Message>(
        sdk::storage::Message::from_append(required(r.message, "message", "storage.postgres")));
    auto notify = sdk::storage::outbox_entries_from(r.notify, r.notify_count);
    // Only a plain append joins the batch's single statement: attachments to
    // link and notifications to queue take statements of their own.
    const bool plain = message->attachments.empty() && notify.empty();
    exec::Operation operation{"message_append",
                              [message, notify = std::move(notify)](Connection& db) {
                                  return stores::MessageStore(db).append(*message, notify);
                              },
                              done};
    if (plain) operation.append = message;
    enqueue(writes_, std::move(operation));
}

}  // namespace switchboard::plugins::storage_postgres
