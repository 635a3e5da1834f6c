// Switchboard C++ plugin SDK (header-only) storage kit: the storage vtable
// for a plugin whose database work runs on its own threads.
//
// Each vtable call reads its request into owned values (records of this kit,
// strings) and queues a Work, a function of a database connection that runs
// one store method and returns its Reply: writes on `writes_`, reads on
// `reads_`. The plugin's threads pop the queues, run the work on their
// connections (a writer, e.g. in group-committed transactions; a
// ReaderPool) and deliver the Reply. Calls while the queues are closed
// (before start(), after stop()) are refused with SB_ERR_UNAVAILABLE, calls
// beyond a full queue with SB_ERR_BUSY.
//
//   using Stores = StoreSet<db::Connection, UserStore, TokenStore, DeviceStore, ConversationStore,
//                           MessageStore, ReceiptStore, ModerationStore, AttachmentStore, CallStore, OutboxStore>;
//   struct Operation { const char* name; std::function<Reply(db::Connection&)> run; Done done; /* own fields */ };
//   class MyStorage : public QueuedStorage<MyStorage, Stores, Operation> {
//       void start(); void stop();          // open/close writes_ and reads_, run the threads
//       void message_append(const sb_message_append_request& req, Done done);  // its own batching
//   };
//
// The store methods called, each on a store constructed on the worker's
// connection for one operation, each returning a Reply:
//   Users: create(User), ensure(User), get(id), get_by_username(name), search(query, limit),
//          update(id, optional display_name, optional password_hash), touch(id, last_seen_at)
//   Tokens: insert(RefreshToken), rotate(old_hash, now, RefreshToken), revoke(hash), revoke_user(user_id)
//   Devices: upsert(Device), remove(user_id, device_id), list(user_id), remove_by_token(provider, token)
//   Conversations: create(Conversation, direct_key), get(id), list_for(user_id), update_title(id, title),
//                  upsert_members(id, vector<Member>), remove_member(id, user_id)
//   Messages: history(id, after_seq, before_seq, limit), get(id, seq), edit(id, seq, body, optional extra_json, at),
//             remove(id, seq, at), react(id, seq, user_id, emoji, add, at)
//   Receipts: set(id, user_id, kind, seq)
//   Moderation: set_block(user_id, target_id, blocked, at), blocked_by(user_id), report(Report)
//   Attachments: create(Attachment), get(attachment_id, reader_id)
//   Calls: create(CallRecord), finish(call_id, outcome, end_reason, answered_at, ended_at),
//          history(user_id, before, limit), finish_unfinished(outcome, end_reason, ended_at)
//   Outbox: write(vector<OutboxEntry> inserts, vector<string> delete_ids), claim(now, lease_until, limit),
//           reschedule(entry_id, due_at, attempts), set_setting(NotifySetting), get_setting(user_id, conversation_id),
//           push_context(user_id, conversation_id, seq)
// (message_append, the plugin's own, also queues sb_message_append_request.notify in its transaction.)
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "switchboard/sdk/error.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/sdk/storage.hpp"
#include "switchboard/sdk/storage/attachment.hpp"
#include "switchboard/sdk/storage/call_record.hpp"
#include "switchboard/sdk/storage/conversation.hpp"
#include "switchboard/sdk/storage/device.hpp"
#include "switchboard/sdk/storage/member.hpp"
#include "switchboard/sdk/storage/notify_setting.hpp"
#include "switchboard/sdk/storage/operation_queue.hpp"
#include "switchboard/sdk/storage/outbox_entry.hpp"
#include "switchboard/sdk/storage/refresh_token.hpp"
#include "switchboard/sdk/storage/reply.hpp"
#include "switchboard/sdk/storage/report.hpp"
#include "switchboard/sdk/storage/request_fields.hpp"
#include "switchboard/sdk/storage/store_set.hpp"
#include "switchboard/sdk/storage/user.hpp"

namespace switchboard::sdk::storage {

template <class Impl, class Stores, class Operation>
class QueuedStorage : public StoragePlugin<Impl> {
public:
    using Connection = typename Stores::Connection;
    using Work = std::function<Reply(Connection&)>;

    // ---- users

    void user_create(const sb_user& req, Done done) {
        write("user_create", done, [user = User::from(req)](Connection& db) {
            return typename Stores::Users(db).create(user);
        });
    }

    void user_ensure(const sb_user& req, Done done) {
        write("user_ensure", done, [user = User::from(req)](Connection& db) {
            return typename Stores::Users(db).ensure(user);
        });
    }

    void user_get(const sb_key_request& req, Done done) {
        read("user_get", done,
             [id = text(read_record(req).key)](Connection& db) { return typename Stores::Users(db).get(id); });
    }

    void user_get_by_username(const sb_key_request& req, Done done) {
        read("user_get_by_username", done, [name = text(read_record(req).key)](Connection& db) {
            return typename Stores::Users(db).get_by_username(name);
        });
    }

    void user_search(const sb_user_search_request& req, Done done) {
        auto r = read_record(req);
        read("user_search", done, [query = text(r.query), limit = r.limit](Connection& db) {
            return typename Stores::Users(db).search(query, limit);
        });
    }

    void user_update(const sb_user_update_request& req, Done done) {
        auto r = read_record(req);
        write("user_update", done,
              [id = text(r.user_id), name = optional_text(r.display_name), hash = optional_text(r.password_hash)](
                  Connection& db) { return typename Stores::Users(db).update(id, name, hash); });
    }

    void user_touch(const sb_user_touch_request& req, Done done) {
        auto r = read_record(req);
        write("user_touch", done,
              [id = text(r.user_id), at = r.last_seen_at](Connection& db) { return typename Stores::Users(db).touch(id, at); });
    }

    // ---- refresh tokens

    void refresh_insert(const sb_refresh_token& req, Done done) {
        write("refresh_insert", done, [token = RefreshToken::from(req)](Connection& db) {
            return typename Stores::Tokens(db).insert(token);
        });
    }

    void refresh_rotate(const sb_refresh_rotate_request& req, Done done) {
        auto r = read_record(req);
        write("refresh_rotate", done,
              [old_hash = text(r.old_token_hash), now = r.now,
               replacement = RefreshToken::from(required(r.replacement, "replacement", plugin_id_))](Connection& db) {
                  return typename Stores::Tokens(db).rotate(old_hash, now, replacement);
              });
    }

    void refresh_revoke(const sb_key_request& req, Done done) {
        write("refresh_revoke", done,
              [hash = text(read_record(req).key)](Connection& db) { return typename Stores::Tokens(db).revoke(hash); });
    }

    void refresh_revoke_user(const sb_key_request& req, Done done) {
        write("refresh_revoke_user", done,
              [id = text(read_record(req).key)](Connection& db) { return typename Stores::Tokens(db).revoke_user(id); });
    }

    // ---- devices

    void device_upsert(const sb_device& req, Done done) {
        write("device_upsert", done, [device = Device::from(req)](Connection& db) {
            return typename Stores::Devices(db).upsert(device);
        });
    }

    void device_delete(const sb_device_key_request& req, Done done) {
        auto r = read_record(req);
        write("device_delete", done, [user = text(r.user_id), device = text(r.device_id)](Connection& db) {
            return typename Stores::Devices(db).remove(user, device);
        });
    }

    void device_list(const sb_key_request& req, Done done) {
        read("device_list", done,
             [user = text(read_record(req).key)](Connection& db) { return typename Stores::Devices(db).list(user); });
    }

    // ---- conversations

    void conversation_create(const sb_conversation_create_request& req, Done done) {
        auto r = read_record(req);
        write(
            "conversation_create", done,
            [conversation = Conversation::from(required(r.conversation, "conversation", plugin_id_)),
             key = text(r.direct_key)](Connection& db) { return typename Stores::Conversations(db).create(conversation, key); });
    }

    void conversation_get(const sb_key_request& req, Done done) {
        read("conversation_get", done,
             [id = text(read_record(req).key)](Connection& db) { return typename Stores::Conversations(db).get(id); });
    }

    void conversation_list(const sb_key_request& req, Done done) {
        read("conversation_list", done, [user = text(read_record(req).key)](Connection& db) {
            return typename Stores::Conversations(db).list_for(user);
        });
    }

    void conversation_update(const sb_conversation_update_request& req, Done done) {
        auto r = read_record(req);
        write("conversation_update", done, [id = text(r.conversation_id), title = text(r.title)](Connection& db) {
            return typename Stores::Conversations(db).update_title(id, title);
        });
    }

    void members_upsert(const sb_members_upsert_request& req, Done done) {
        auto r = read_record(req);
        std::vector<Member> members;
        if (r.members != nullptr) {
            members.reserve(r.member_count);
            for (size_t i = 0; i < r.member_count; ++i)
                members.push_back(Member::from(read_element(r.members, i)));
        }
        write("members_upsert", done, [id = text(r.conversation_id), members = std::move(members)](Connection& db) {
            return typename Stores::Conversations(db).upsert_members(id, members);
        });
    }

    void member_remove(const sb_member_remove_request& req, Done done) {
        auto r = read_record(req);
        write("member_remove", done, [id = text(r.conversation_id), user = text(r.user_id)](Connection& db) {
            return typename Stores::Conversations(db).remove_member(id, user);
        });
    }

    // ---- messages

    void message_history(const sb_history_request& req, Done done) {
        auto r = read_record(req);
        read("message_history", done,
             [id = text(r.conversation_id), after = r.after_seq, before = r.before_seq, limit = r.limit](Connection& db) {
                 return typename Stores::Messages(db).history(id, after, before, limit);
             });
    }

    void message_get(const sb_message_key_request& req, Done done) {
        auto r = read_record(req);
        read("message_get", done,
             [id = text(r.conversation_id), seq = r.seq](Connection& db) { return typename Stores::Messages(db).get(id, seq); });
    }

    void message_edit(const sb_message_edit_request& req, Done done) {
        auto r = read_record(req);
        write("message_edit", done,
              [id = text(r.conversation_id), seq = r.seq, body = text(r.body), extra = optional_text(r.extra_json),
               at = r.edited_at](Connection& db) { return typename Stores::Messages(db).edit(id, seq, body, extra, at); });
    }

    void message_delete(const sb_message_delete_request& req, Done done) {
        auto r = read_record(req);
        write("message_delete", done, [id = text(r.conversation_id), seq = r.seq, at = r.deleted_at](Connection& db) {
            return typename Stores::Messages(db).remove(id, seq, at);
        });
    }

    void reaction_set(const sb_reaction_request& req, Done done) {
        auto r = read_record(req);
        write(
            "reaction_set", done,
            [id = text(r.conversation_id), seq = r.seq, user = text(r.user_id), emoji = text(r.emoji), add = r.add != 0,
             at = r.created_at](Connection& db) { return typename Stores::Messages(db).react(id, seq, user, emoji, add, at); });
    }

    void receipt_set(const sb_receipt_request& req, Done done) {
        auto r = read_record(req);
        write("receipt_set", done,
              [id = text(r.conversation_id), user = text(r.user_id), kind = r.kind, seq = r.seq](Connection& db) {
                  return typename Stores::Receipts(db).set(id, user, kind, seq);
              });
    }

    // ---- moderation

    void block_set(const sb_block_request& req, Done done) {
        auto r = read_record(req);
        write("block_set", done,
              [user = text(r.user_id), target = text(r.target_id), blocked = r.blocked != 0, at = r.at](Connection& db) {
                  return typename Stores::Moderation(db).set_block(user, target, blocked, at);
              });
    }

    void block_list(const sb_key_request& req, Done done) {
        read("block_list", done, [user = text(read_record(req).key)](Connection& db) {
            return typename Stores::Moderation(db).blocked_by(user);
        });
    }

    void report_create(const sb_report_request& req, Done done) {
        write("report_create", done,
              [report = Report::from(required(read_record(req).report, "report", plugin_id_))](Connection& db) {
                  return typename Stores::Moderation(db).report(report);
              });
    }

    // ---- attachments

    void attachment_create(const sb_attachment& req, Done done) {
        write("attachment_create", done, [attachment = Attachment::from(req)](Connection& db) {
            return typename Stores::Attachments(db).create(attachment);
        });
    }

    void attachment_get(const sb_attachment_get_request& req, Done done) {
        auto r = read_record(req);
        read("attachment_get", done, [id = text(r.attachment_id), reader = text(r.reader_id)](Connection& db) {
            return typename Stores::Attachments(db).get(id, reader);
        });
    }

    // ---- call history

    void call_create(const sb_call_record& req, Done done) {
        write("call_create", done, [call = CallRecord::from(req)](Connection& db) {
            return typename Stores::Calls(db).create(call);
        });
    }

    void call_finish(const sb_call_finish_request& req, Done done) {
        auto r = read_record(req);
        write("call_finish", done,
              [id = text(r.call_id), outcome = text(r.outcome), reason = text(r.end_reason), answered = r.answered_at,
               ended = r.ended_at](Connection& db) {
                  return typename Stores::Calls(db).finish(id, outcome, reason, answered, ended);
              });
    }

    void call_history(const sb_call_history_request& req, Done done) {
        auto r = read_record(req);
        read("call_history", done, [user = text(r.user_id), before = r.before, limit = r.limit](Connection& db) {
            return typename Stores::Calls(db).history(user, before, limit);
        });
    }

    void call_finish_unfinished(const sb_call_finish_unfinished_request& req, Done done) {
        auto r = read_record(req);
        write("call_finish_unfinished", done,
              [outcome = text(r.outcome), reason = text(r.end_reason), ended = r.ended_at](Connection& db) {
                  return typename Stores::Calls(db).finish_unfinished(outcome, reason, ended);
              });
    }

    // ---- push: the outbox, notification settings, dead devices

    void outbox_write(const sb_outbox_write_request& req, Done done) {
        auto r = read_record(req);
        std::vector<std::string> ids;
        if (r.delete_ids != nullptr) {
            ids.reserve(r.delete_count);
            for (size_t i = 0; i < r.delete_count; ++i) ids.push_back(text(r.delete_ids[i]));
        }
        write("outbox_write", done,
              [inserts = outbox_entries_from(r.inserts, r.insert_count), ids = std::move(ids)](Connection& db) {
                  return typename Stores::Outbox(db).write(inserts, ids);
              });
    }

    void outbox_claim(const sb_outbox_claim_request& req, Done done) {
        auto r = read_record(req);
        // A claim moves the entries' due time: a write.
        write("outbox_claim", done, [now = r.now, lease_until = r.lease_until, limit = r.limit](Connection& db) {
            return typename Stores::Outbox(db).claim(now, lease_until, limit);
        });
    }

    void outbox_reschedule(const sb_outbox_reschedule_request& req, Done done) {
        auto r = read_record(req);
        write("outbox_reschedule", done,
              [id = text(r.entry_id), due_at = r.due_at, attempts = r.attempts](Connection& db) {
                  return typename Stores::Outbox(db).reschedule(id, due_at, attempts);
              });
    }

    void notify_setting_set(const sb_notify_setting& req, Done done) {
        write("notify_setting_set", done, [setting = NotifySetting::from(req)](Connection& db) {
            return typename Stores::Outbox(db).set_setting(setting);
        });
    }

    void notify_setting_get(const sb_notify_setting_key& req, Done done) {
        auto r = read_record(req);
        read("notify_setting_get", done, [user = text(r.user_id), conversation = text(r.conversation_id)](Connection& db) {
            return typename Stores::Outbox(db).get_setting(user, conversation);
        });
    }

    void device_delete_by_token(const sb_device_token_request& req, Done done) {
        auto r = read_record(req);
        write("device_delete_by_token", done, [provider = text(r.provider), token = text(r.token)](Connection& db) {
            return typename Stores::Devices(db).remove_by_token(provider, token);
        });
    }

    void push_context(const sb_push_context_request& req, Done done) {
        auto r = read_record(req);
        read("push_context", done,
             [user = text(r.user_id), conversation = text(r.conversation_id), seq = r.seq](Connection& db) {
                 return typename Stores::Outbox(db).push_context(user, conversation, seq);
             });
    }

protected:
    // `plugin_id` (static storage) names the plugin in refusals; each queue
    // holds at most `max_queue` operations.
    QueuedStorage(const char* plugin_id, size_t max_queue)
        : writes_(max_queue), reads_(max_queue), plugin_id_(plugin_id) {}

    void write(const char* name, Done done, Work work) { enqueue(writes_, Operation{name, std::move(work), done}); }
    void read(const char* name, Done done, Work work) { enqueue(reads_, Operation{name, std::move(work), done}); }
    // Queues `operation` or throws the refusal (the call returns its status; Done is never called).
    void enqueue(OperationQueue<Operation>& queue, Operation operation) {
        sb_status status = queue.push(std::move(operation));
        if (status == SB_ERR_UNAVAILABLE) throw Error(status, std::string(plugin_id_) + " is not running");
        if (status != SB_OK) throw Error(status, std::string(plugin_id_) + ": too many operations waiting");
    }

    OperationQueue<Operation> writes_;
    OperationQueue<Operation> reads_;

private:
    const char* plugin_id_;
};

}  // namespace switchboard::sdk::storage
