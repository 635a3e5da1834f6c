#include "sqlite_storage.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "db/migrator.hpp"
#include "db/schema.hpp"
#include "stores/attachment_store.hpp"
#include "stores/conversation_store.hpp"
#include "stores/device_store.hpp"
#include "stores/message_store.hpp"
#include "stores/moderation_store.hpp"
#include "stores/receipt_store.hpp"
#include "stores/token_store.hpp"
#include "stores/user_store.hpp"
#include "switchboard/sdk/error.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/sdk/storage/attachment.hpp"
#include "switchboard/sdk/storage/conversation.hpp"
#include "switchboard/sdk/storage/device.hpp"
#include "switchboard/sdk/storage/member.hpp"
#include "switchboard/sdk/storage/message.hpp"
#include "switchboard/sdk/storage/refresh_token.hpp"
#include "switchboard/sdk/storage/report.hpp"
#include "switchboard/sdk/storage/request_fields.hpp"
#include "switchboard/sdk/storage/user.hpp"

namespace switchboard::plugins::storage_sqlite {

using db::Connection;
using sdk::Done;
using sdk::storage::optional_text;
using sdk::storage::required;
using sdk::storage::text;

namespace {

// The WAL size (in pages, 16 MiB at SQLite's default 4 KiB) past which a
// commit asks for a background checkpoint. Larger than SQLite's default
// 1,000 pages: a hot page (a conversation's row, an index's inner pages)
// committed many times meanwhile is copied back once.
constexpr int kCheckpointPages = 4096;
// ... and past which the writer completes one itself (64 MiB, the
// journal_size_limit), so the WAL starts over even under constant writes.
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

SqliteStorage::SqliteStorage(const sdk::Host& host)
    : host_(host), settings_(Settings::from(host)), writes_(settings_.max_queue), reads_(settings_.max_queue) {}

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
                                             checkpointer_.get(), host_);
    readers_ = std::make_unique<exec::ReaderPool>(std::move(reader_connections), reads_, "sb-sqlite-read",
                                                exec::ReadRunner(host_));
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

void SqliteStorage::enqueue(exec::OperationQueue& queue, exec::Operation operation) {
    sb_status status = queue.push(std::move(operation));
    if (status == SB_ERR_UNAVAILABLE) throw sdk::Error(status, "storage.sqlite is not running");
    if (status != SB_OK) throw sdk::Error(status, "storage.sqlite: too many operations waiting");
}

void SqliteStorage::write(const char* name, Done done, Work work) {
    enqueue(writes_, exec::Operation{name, std::move(work), done});
}

void SqliteStorage::write_single(const char* name, Done done, Work work) {
    enqueue(writes_, exec::Operation{name, std::move(work), done, true});
}

void SqliteStorage::read(const char* name, Done done, Work work) {
    enqueue(reads_, exec::Operation{name, std::move(work), done});
}

// ---- users

void SqliteStorage::user_create(const sb_user& req, Done done) {
    write("user_create", done, [user = sdk::storage::User::from(req)](Connection& db) {
        return stores::UserStore(db).create(user);
    });
}

void SqliteStorage::user_ensure(const sb_user& req, Done done) {
    write("user_ensure", done, [user = sdk::storage::User::from(req)](Connection& db) {
        return stores::UserStore(db).ensure(user);
    });
}

void SqliteStorage::user_get(const sb_key_request& req, Done done) {
    read("user_get", done,
         [id = text(sdk::read_record(req).key)](Connection& db) { return stores::UserStore(db).get(id); });
}

void SqliteStorage::user_get_by_username(const sb_key_request& req, Done done) {
    read("user_get_by_username", done, [name = text(sdk::read_record(req).key)](Connection& db) {
        return stores::UserStore(db).get_by_username(name);
    });
}

void SqliteStorage::user_search(const sb_user_search_request& req, Done done) {
    auto r = sdk::read_record(req);
    read("user_search", done, [query = text(r.query), limit = r.limit](Connection& db) {
        return stores::UserStore(db).search(query, limit);
    });
}

void SqliteStorage::user_update(const sb_user_update_request& req, Done done) {
    auto r = sdk::read_record(req);
    write("user_update", done,
          [id = text(r.user_id), name = optional_text(r.display_name), hash = optional_text(r.password_hash)](
              Connection& db) { return stores::UserStore(db).update(id, name, hash); });
}

void SqliteStorage::user_touch(const sb_user_touch_request& req, Done done) {
    auto r = sdk::read_record(req);
    write("user_touch", done,
          [id = text(r.user_id), at = r.last_seen_at](Connection& db) { return stores::UserStore(db).touch(id, at); });
}

// ---- refresh tokens

void SqliteStorage::refresh_insert(const sb_refresh_token& req, Done done) {
    write("refresh_insert", done, [token = sdk::storage::RefreshToken::from(req)](Connection& db) {
        return stores::TokenStore(db).insert(token);
    });
}

void SqliteStorage::refresh_rotate(const sb_refresh_rotate_request& req, Done done) {
    auto r = sdk::read_record(req);
    write("refresh_rotate", done,
          [old_hash = text(r.old_token_hash), now = r.now,
           replacement = sdk::storage::RefreshToken::from(required(r.replacement, "replacement", "storage.sqlite"))](Connection& db) {
              return stores::TokenStore(db).rotate(old_hash, now, replacement);
          });
}

void SqliteStorage::refresh_revoke(const sb_key_request& req, Done done) {
    write("refresh_revoke", done,
          [hash = text(sdk::read_record(req).key)](Connection& db) { return stores::TokenStore(db).revoke(hash); });
}

void SqliteStorage::refresh_revoke_user(const sb_key_request& req, Done done) {
    write("refresh_revoke_user", done,
          [id = text(sdk::read_record(req).key)](Connection& db) { return stores::TokenStore(db).revoke_user(id); });
}

// ---- devices

void SqliteStorage::device_upsert(const sb_device& req, Done done) {
    write("device_upsert", done, [device = sdk::storage::Device::from(req)](Connection& db) {
        return stores::DeviceStore(db).upsert(device);
    });
}

void SqliteStorage::device_delete(const sb_device_key_request& req, Done done) {
    auto r = sdk::read_record(req);
    write("device_delete", done, [user = text(r.user_id), device = text(r.device_id)](Connection& db) {
        return stores::DeviceStore(db).remove(user, device);
    });
}

void SqliteStorage::device_list(const sb_key_request& req, Done done) {
    read("device_list", done,
         [user = text(sdk::read_record(req).key)](Connection& db) { return stores::DeviceStore(db).list(user); });
}

// ---- conversations

void SqliteStorage::conversation_create(const sb_conversation_create_request& req, Done done) {
    auto r = sdk::read_record(req);
    write(
        "conversation_create", done,
        [conversation = sdk::storage::Conversation::from(required(r.conversation, "conversation", "storage.sqlite")),
         key = text(r.direct_key)](Connection& db) { return stores::ConversationStore(db).create(conversation, key); });
}

void SqliteStorage::conversation_get(const sb_key_request& req, Done done) {
    read("conversation_get", done,
         [id = text(sdk::read_record(req).key)](Connection& db) { return stores::ConversationStore(db).get(id); });
}

void SqliteStorage::conversation_list(const sb_key_request& req, Done done) {
    read("conversation_list", done, [user = text(sdk::read_record(req).key)](Connection& db) {
        return stores::ConversationStore(db).list_for(user);
    });
}

void SqliteStorage::conversation_update(const sb_conversation_update_request& req, Done done) {
    auto r = sdk::read_record(req);
    write("conversation_update", done, [id = text(r.conversation_id), title = text(r.title)](Connection& db) {
        return stores::ConversationStore(db).update_title(id, title);
    });
}

void SqliteStorage::members_upsert(const sb_members_upsert_request& req, Done done) {
    auto r = sdk::read_record(req);
    std::vector<sdk::storage::Member> members;
    if (r.members != nullptr) {
        members.reserve(r.member_count);
        for (size_t i = 0; i < r.member_count; ++i)
            members.push_back(sdk::storage::Member::from(sdk::read_element(r.members, i)));
    }
    write("members_upsert", done, [id = text(r.conversation_id), members = std::move(members)](Connection& db) {
        return stores::ConversationStore(db).upsert_members(id, members);
    });
}

void SqliteStorage::member_remove(const sb_member_remove_request& req, Done done) {
    auto r = sdk::read_record(req);
    write("member_remove", done, [id = text(r.conversation_id), user = text(r.user_id)](Connection& db) {
        return stores::ConversationStore(db).remove_member(id, user);
    });
}

// ---- messages

void SqliteStorage::message_append(const sb_message_append_request& req, Done done) {
    auto message = sdk::storage::Message::from_append(required(sdk::read_record(req).message, "message", "storage.sqlite"));
    auto work = [message](Connection& db) { return stores::MessageStore(db).append(message); };
    // Linking attachments adds statements to the insert: those appends need the writer's savepoint.
    if (message.attachments.empty()) write_single("message_append", done, std::move(work));
    else write("message_append", done, std::move(work));
}

void SqliteStorage::message_history(const sb_history_request& req, Done done) {
    auto r = sdk::read_record(req);
    read("message_history", done,
         [id = text(r.conversation_id), after = r.after_seq, before = r.before_seq, limit = r.limit](Connection& db) {
             return stores::MessageStore(db).history(id, after, before, limit);
         });
}

void SqliteStorage::message_get(const sb_message_key_request& req, Done done) {
    auto r = sdk::read_record(req);
    read("message_get", done,
         [id = text(r.conversation_id), seq = r.seq](Connection& db) { return stores::MessageStore(db).get(id, seq); });
}

void SqliteStorage::message_edit(const sb_message_edit_request& req, Done done) {
    auto r = sdk::read_record(req);
    write("message_edit", done,
          [id = text(r.conversation_id), seq = r.seq, body = text(r.body), extra = optional_text(r.extra_json),
           at = r.edited_at](Connection& db) { return stores::MessageStore(db).edit(id, seq, body, extra, at); });
}

void SqliteStorage::message_delete(const sb_message_delete_request& req, Done done) {
    auto r = sdk::read_record(req);
    write("message_delete", done, [id = text(r.conversation_id), seq = r.seq, at = r.deleted_at](Connection& db) {
        return stores::MessageStore(db).remove(id, seq, at);
    });
}

void SqliteStorage::reaction_set(const sb_reaction_request& req, Done done) {
    auto r = sdk::read_record(req);
    write(
        "reaction_set", done,
        [id = text(r.conversation_id), seq = r.seq, user = text(r.user_id), emoji = text(r.emoji), add = r.add != 0,
         at = r.created_at](Connection& db) { return stores::MessageStore(db).react(id, seq, user, emoji, add, at); });
}

void SqliteStorage::receipt_set(const sb_receipt_request& req, Done done) {
    auto r = sdk::read_record(req);
    write("receipt_set", done,
          [id = text(r.conversation_id), user = text(r.user_id), kind = r.kind, seq = r.seq](Connection& db) {
              return stores::ReceiptStore(db).set(id, user, kind, seq);
          });
}

// ---- moderation

void SqliteStorage::block_set(const sb_block_request& req, Done done) {
    auto r = sdk::read_record(req);
    write("block_set", done,
          [user = text(r.user_id), target = text(r.target_id), blocked = r.blocked != 0, at = r.at](Connection& db) {
              return stores::ModerationStore(db).set_block(user, target, blocked, at);
          });
}

void SqliteStorage::block_list(const sb_key_request& req, Done done) {
    read("block_list", done, [user = text(sdk::read_record(req).key)](Connection& db) {
        return stores::ModerationStore(db).blocked_by(user);
    });
}

void SqliteStorage::report_create(const sb_report_request& req, Done done) {
    write("report_create", done,
          [report = sdk::storage::Report::from(required(sdk::read_record(req).report, "report", "storage.sqlite"))](Connection& db) {
              return stores::ModerationStore(db).report(report);
          });
}

// ---- attachments

void SqliteStorage::attachment_create(const sb_attachment& req, Done done) {
    write("attachment_create", done, [attachment = sdk::storage::Attachment::from(req)](Connection& db) {
        return stores::AttachmentStore(db).create(attachment);
    });
}

void SqliteStorage::attachment_get(const sb_attachment_get_request& req, Done done) {
    auto r = sdk::read_record(req);
    read("attachment_get", done, [id = text(r.attachment_id), reader = text(r.reader_id)](Connection& db) {
        return stores::AttachmentStore(db).get(id, reader);
    });
}

}  // namespace switchboard::plugins::storage_sqlite
