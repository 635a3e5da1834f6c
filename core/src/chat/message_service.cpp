#include "switchboard/chat/message_service.hpp"

#include "switchboard/chat/json_views.hpp"
#include "switchboard/protocol/protocol_error.hpp"
#include "switchboard/util/clock.hpp"
#include "switchboard/util/id_generator.hpp"

namespace switchboard::chat {

using nlohmann::json;
using protocol::ErrorCode;
using protocol::ProtocolError;

void MessageService::register_ops(Dispatcher& d) {
    using A = Dispatcher::Access;
    d.add("message.send", A::authenticated, [this](const CallPtr& c) { send(c); });
    d.add("message.history", A::authenticated, [this](const CallPtr& c) { history(c); });
    d.add("message.edit", A::authenticated, [this](const CallPtr& c) { edit(c); });
    d.add("message.delete", A::authenticated, [this](const CallPtr& c) { remove(c); });
    d.add("reaction.add", A::authenticated, [this](const CallPtr& c) { react(c, true); });
    d.add("reaction.remove", A::authenticated, [this](const CallPtr& c) { react(c, false); });
}

std::string MessageService::extra_json(const CallPtr& call) const {
    const json* extra = call->fields().value("extra");
    if (!extra) return {};
    if (!extra->is_object()) throw ProtocolError(ErrorCode::bad_request, "data.extra: expected an object");
    std::string text = extra->dump();
    if (text.size() > ctx_.settings.max_extra_bytes)
        throw ProtocolError(ErrorCode::too_large,
                            "data.extra: larger than " + std::to_string(ctx_.settings.max_extra_bytes) + " bytes");
    return text;
}

storage::Message MessageService::read_new_message(const CallPtr& call) const {
    auto f = call->fields();
    storage::Message message;
    message.conversation_id = f.string("conversation_id");
    message.client_msg_id = f.optional_string("client_msg_id", 128).value_or("");
    message.body = f.text("body", ctx_.settings.max_body_bytes);
    message.extra_json = extra_json(call);
    message.reply_to_seq = f.optional_uint("reply_to_seq").value_or(0);
    return message;
}

void MessageService::send(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"conversation_id", "client_msg_id", "body", "reply_to_seq", "extra", "attachments", "mentions"});
    storage::Message message = read_new_message(call);
    auto mentions = f.optional_string_list("mentions", ctx_.settings.max_group_members).value_or(std::vector<std::string>{});
    message.sender_id = call->user_id();
    auto attachment_ids =
        f.optional_string_list("attachments", ctx_.settings.max_attachments_per_message).value_or(std::vector<std::string>{});
    if (message.body.empty() && message.extra_json.empty() && attachment_ids.empty())
        throw ProtocolError(ErrorCode::bad_request, "data.body: a message needs a body, extra content or attachments");
    if (!attachment_ids.empty() && !ctx_.storage.supports_attachments())
        throw ProtocolError(ErrorCode::unavailable, "data.attachments: this server's storage does not keep attachments");

    std::string conversation_id = message.conversation_id;  // the lambda below takes `message` over
    ctx_.with_member_entry(call, conversation_id, [this, call, message = std::move(message),
                                                   attachment_ids = std::move(attachment_ids),
                                                   mentions = std::move(mentions)](
                                                      const ConversationCache::Entry& c) mutable {
        if (message.reply_to_seq > c->conversation.last_seq)
            return call->fail(ErrorCode::bad_request, "data.reply_to_seq: no such message");
        for (const auto& mentioned : mentions)
            if (!c->member(mentioned))
                return call->fail(ErrorCode::bad_request, "data.mentions: " + mentioned + " is not a member");
        auto proceed = [this, call, c, attachment_ids, mentions](storage::Message message) {
            resolve_attachments(call, attachment_ids, {}, [this, call, c, message, mentions](std::vector<storage::Attachment> found) mutable {
                message.attachments = std::move(found);
                append(call, c, std::move(message), mentions);
            });
        };
        if (!c->is_direct()) return proceed(std::move(message));
        std::string other = c->other_member(call->user_id());
        ctx_.blocks.either_blocks(call->user_id(), other,
                                  [call, proceed, message = std::move(message)](bool blocked) mutable {
                                      if (blocked)
                                          return call->fail(ErrorCode::forbidden,
                                                            "messages between you and this user are blocked");
                                      guarded(call, [&] { proceed(std::move(message)); });
                                  });
    });
}

void MessageService::send_as_system(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"conversation_id", "client_msg_id", "body", "reply_to_seq", "extra"});
    storage::Message message = read_new_message(call);
    if (message.body.empty() && message.extra_json.empty())
        throw ProtocolError(ErrorCode::bad_request, "data.body: a message needs a body or extra content");
    std::string conversation_id = message.conversation_id;
    ctx_.conversations.get(conversation_id, [this, call, message = std::move(message)](
                                                sb_status status, const ConversationCache::Entry& c) mutable {
        guarded(call, [&] {
            if (status == SB_ERR_NOT_FOUND) return call->fail(ErrorCode::not_found, "conversation not found");
            if (status != SB_OK) return call->fail(protocol::from_status(status), "conversation could not be loaded");
            if (message.reply_to_seq > c->conversation.last_seq)
                return call->fail(ErrorCode::bad_request, "data.reply_to_seq: no such message");
            append(call, c, std::move(message), {});
        });
    });
}

void MessageService::resolve_attachments(const CallPtr& call, std::vector<std::string> ids,
                                         std::vector<storage::Attachment> found,
                                         std::function<void(std::vector<storage::Attachment>)> then) {
    if (found.size() == ids.size()) return then(std::move(found));
    std::string id = ids[found.size()];
    ctx_.storage.attachment_get(id, "", [this, call, id, ids = std::move(ids), found = std::move(found),
                                         then = std::move(then)](storage::StorageResult<storage::Attachment> r) mutable {
        if (r.status == SB_ERR_NOT_FOUND) return call->fail(ErrorCode::not_found, "data.attachments: no attachment " + id);
        if (!r.ok()) return call->fail_storage(r, "attachment");
        if (r.value.uploader_id != call->user_id())
            return call->fail(ErrorCode::forbidden,
                              "data.attachments: attachment " + id + " was uploaded by another user");
        found.push_back(std::move(r.value));
        guarded(call, [&] { resolve_attachments(call, std::move(ids), std::move(found), std::move(then)); });
    });
}

void MessageService::append(const CallPtr& call, const ConversationCache::Entry& conversation,
                            storage::Message message, const std::vector<std::string>& mentions) {
    message.message_id = util::IdGenerator::make("m_");
    message.sent_at = util::now_ms();
    std::vector<storage::OutboxEntry> notify;
    if (ctx_.notifier) notify = ctx_.notifier->message_entries(message, conversation->member_ids(), mentions);
    ctx_.storage.message_append(message, notify, [this, call, conversation](storage::StorageResult<storage::AppendResult> r) {
        if (!r.ok()) return call->fail_storage(r, "conversation");
        const storage::Message& stored = r.value.message;
        protocol::JsonWriter reply;
        reply.begin_object()
            .key("message_id").value(stored.message_id)
            .key("seq").value(stored.seq)
            .key("sent_at").value(stored.sent_at);
        if (r.value.duplicate) reply.key("duplicate").value(true);
        call->ok_text(reply.end_object().text());
        if (r.value.duplicate) return;
        ctx_.conversations.note_seq(stored.conversation_id, stored.seq);
        if (ctx_.messages_stored) ctx_.messages_stored->add({}, 1);
        ctx_.publisher.to_users_text(conversation->member_ids(), "message.new", message_text(stored), call->conn());
    });
}

void MessageService::history(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"conversation_id", "after_seq", "before_seq", "limit"});
    std::string conversation_id = f.string("conversation_id");
    auto after = f.optional_uint("after_seq");
    auto before = f.optional_uint("before_seq");
    if (after && before) throw ProtocolError(ErrorCode::bad_request, "data: give after_seq or before_seq, not both");
    uint64_t limit = f.optional_uint("limit").value_or(50);
    if (limit == 0 || limit > ctx_.settings.history_max_limit)
        throw ProtocolError(ErrorCode::bad_request, "data.limit: must be between 1 and " +
                                                        std::to_string(ctx_.settings.history_max_limit));
    // Storage reads an after_seq of 0 as "not given" (the newest page), but a
    // client that has nothing yet asks for the first page: seqs start at 1
    // without gaps, so that is every seq below limit + 1.
    if (after && *after == 0) {
        after.reset();
        before = limit + 1;
    }
    ctx_.with_membership(call, conversation_id, [this, call, after, before, limit](CachedConversation& c) {
        ctx_.storage.message_history(c.id(), after.value_or(0), before.value_or(0), static_cast<uint32_t>(limit),
                                     [call](storage::StorageResult<std::vector<storage::Message>> r) {
                                         if (!r.ok()) return call->fail_storage(r, "conversation");
                                         protocol::JsonWriter out;
                                         out.begin_object().key("messages").begin_array();
                                         for (const auto& m : r.value) write_message(out, m);
                                         call->ok_text(out.end_array().end_object().text());
                                     });
    });
}

void MessageService::with_message(const CallPtr& call, const std::string& conversation_id, uint64_t seq,
                                  std::function<void(storage::Message&)> fn) {
    ctx_.storage.message_get(conversation_id, seq, [call, fn = std::move(fn)](storage::StorageResult<storage::Message> r) {
        if (!r.ok()) return call->fail_storage(r, "message");
        guarded(call, [&] { fn(r.value); });
    });
}

void MessageService::edit(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"conversation_id", "seq", "body", "extra"});
    std::string conversation_id = f.string("conversation_id");
    uint64_t seq = f.uint("seq");
    std::string body = f.text("body", ctx_.settings.max_body_bytes);
    bool has_extra = f.value("extra") != nullptr;
    std::string extra = extra_json(call);
    ctx_.with_membership(call, conversation_id, [=, this](CachedConversation& c) {
        auto members = c.member_ids();
        with_message(call, c.id(), seq, [=, this](storage::Message& m) {
            if (m.deleted_at) return call->fail(ErrorCode::not_found, "message was deleted");
            if (m.sender_id != call->user_id())
                return call->fail(ErrorCode::forbidden, "only the sender can edit a message");
            int64_t now = util::now_ms();
            if (ctx_.settings.edit_window_ms > 0 && now - m.sent_at > ctx_.settings.edit_window_ms)
                return call->fail(ErrorCode::forbidden, "the edit window for this message has passed");
            ctx_.storage.message_edit(m.conversation_id, seq, body, has_extra ? &extra : nullptr, now,
                                      [=, this](storage::StorageResult<storage::Message> r) {
                                          if (!r.ok()) return call->fail_storage(r, "message");
                                          std::string view = message_text(r.value);
                                          call->ok_text(view);
                                          ctx_.publisher.to_users_text(members, "message.edited", view, call->conn());
                                      });
        });
    });
}

void MessageService::remove(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"conversation_id", "seq"});
    std::string conversation_id = f.string("conversation_id");
    uint64_t seq = f.uint("seq");
    ctx_.with_membership(call, conversation_id, [=, this](CachedConversation& c) {
        auto members = c.member_ids();
        bool moderator = !c.is_direct() && c.can_manage(call->user_id());
        with_message(call, c.id(), seq, [=, this](storage::Message& m) {
            if (m.deleted_at) return call->fail(ErrorCode::not_found, "message was already deleted");
            int64_t now = util::now_ms();
            bool own = m.sender_id == call->user_id();
            if (!own && !moderator)
                return call->fail(ErrorCode::forbidden, "only the sender or a group admin can delete a message");
            if (own && !moderator && ctx_.settings.edit_window_ms > 0 && now - m.sent_at > ctx_.settings.edit_window_ms)
                return call->fail(ErrorCode::forbidden, "the delete window for this message has passed");
            ctx_.storage.message_delete(m.conversation_id, seq, now,
                                        [=, this](storage::StorageResult<storage::Message> r) {
                                            if (!r.ok()) return call->fail_storage(r, "message");
                                            json view{{"conversation_id", r.value.conversation_id},
                                                      {"message_id", r.value.message_id},
                                                      {"seq", r.value.seq},
                                                      {"deleted_at", r.value.deleted_at},
                                                      {"deleted_by", call->user_id()}};
                                            call->ok(view);
                                            ctx_.publisher.to_users(members, "message.deleted", view, call->conn());
                                        });
        });
    });
}

void MessageService::react(const CallPtr& call, bool add) {
    auto f = call->fields();
    f.allow_only({"conversation_id", "seq", "emoji"});
    std::string conversation_id = f.string("conversation_id");
    uint64_t seq = f.uint("seq");
    std::string emoji = f.string("emoji", 64);
    ctx_.with_membership(call, conversation_id, [=, this](CachedConversation& c) {
        auto members = c.member_ids();
        ctx_.storage.reaction_set(c.id(), seq, call->user_id(), emoji, add, util::now_ms(),
                                  [=, this](storage::StorageResult<storage::Message> r) {
                                      if (!r.ok()) return call->fail_storage(r, "message");
                                      json reactions = json::array();
                                      for (const auto& x : r.value.reactions)
                                          reactions.push_back({{"user_id", x.user_id}, {"emoji", x.emoji}});
                                      json view{{"conversation_id", r.value.conversation_id},
                                                {"message_id", r.value.message_id},
                                                {"seq", r.value.seq},
                                                {"user_id", call->user_id()},
                                                {"emoji", emoji},
                                                {"action", add ? "add" : "remove"},
                                                {"reactions", std::move(reactions)}};
                                      call->ok(view);
                                      ctx_.publisher.to_users(members, "reaction", view, call->conn());
                                  });
    });
}

}  // namespace switchboard::chat
