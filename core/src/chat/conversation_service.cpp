#include "switchboard/chat/conversation_service.hpp"

#include <algorithm>
#include <memory>

#include "switchboard/chat/json_views.hpp"
#include "switchboard/protocol/protocol_error.hpp"
#include "switchboard/util/clock.hpp"
#include "switchboard/util/id_generator.hpp"

namespace switchboard::chat {

using nlohmann::json;
using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {
constexpr size_t kMaxTitleBytes = 256;
}

void ConversationService::register_ops(Dispatcher& d) {
    using A = Dispatcher::Access;
    d.add("conversation.create", A::authenticated, [this](const CallPtr& c) { create(c); });
    d.add("conversation.list", A::authenticated, [this](const CallPtr& c) { list(c); });
    d.add("conversation.get", A::authenticated, [this](const CallPtr& c) { get(c); });
    d.add("conversation.update", A::authenticated, [this](const CallPtr& c) { update(c); });
    d.add("conversation.add_members", A::authenticated, [this](const CallPtr& c) { add_members(c); });
    d.add("conversation.remove_member", A::authenticated, [this](const CallPtr& c) { remove_member(c); });
    d.add("conversation.set_role", A::authenticated, [this](const CallPtr& c) { set_role(c); });
    d.add("conversation.leave", A::authenticated, [this](const CallPtr& c) { leave(c); });
}

void ConversationService::membership_changed(const std::vector<std::string>& user_ids) {
    for (const auto& id : user_ids) presence_.forget_contacts(id);
}

void ConversationService::find_missing_users(const std::vector<std::string>& user_ids,
                                             std::function<void(sb_status, std::vector<std::string>)> callback) {
    struct State {
        size_t pending;
        sb_status status = SB_OK;
        std::vector<std::string> missing;
        std::function<void(sb_status, std::vector<std::string>)> callback;
    };
    if (user_ids.empty()) return callback(SB_OK, {});
    auto state = std::make_shared<State>(State{user_ids.size(), SB_OK, {}, std::move(callback)});
    for (const auto& id : user_ids) {
        ctx_.storage.user_get(id, [state, id](storage::StorageResult<storage::User> r) {
            if (r.status == SB_ERR_NOT_FOUND) state->missing.push_back(id);
            else if (!r.ok()) state->status = r.status;
            if (--state->pending == 0) state->callback(state->status, std::move(state->missing));
        });
    }
}

void ConversationService::create(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"type", "members", "title"});
    std::string type = f.string("type");
    if (type != "direct" && type != "group")
        throw ProtocolError(ErrorCode::bad_request, "data.type: expected \"direct\" or \"group\"");
    auto members = f.string_list("members", ctx_.settings.max_group_members);
    std::string title = f.optional_string("title", kMaxTitleBytes).value_or("");
    members.erase(std::remove(members.begin(), members.end(), call->user_id()), members.end());
    if (type == "direct" && members.size() != 1)
        throw ProtocolError(ErrorCode::bad_request, "data.members: a direct conversation has exactly one other member");
    if (type == "direct" && !title.empty())
        throw ProtocolError(ErrorCode::bad_request, "data.title: a direct conversation has no title");
    if (type == "group" && members.size() + 1 > ctx_.settings.max_group_members)
        throw ProtocolError(ErrorCode::bad_request, "data.members: a group has at most " +
                                                        std::to_string(ctx_.settings.max_group_members) + " members");

    find_missing_users(members, [this, call, type, title, members](sb_status status, std::vector<std::string> missing) {
        if (status != SB_OK) return call->fail(protocol::from_status(status), "users could not be checked");
        if (!missing.empty()) return call->fail(ErrorCode::not_found, "unknown user: " + missing.front());
        storage::Conversation c;
        c.conversation_id = util::IdGenerator::make("c_");
        c.type = type;
        c.title = title;
        c.created_by = call->user_id();
        c.created_at = util::now_ms();
        c.members.push_back(storage::Member{call->user_id(), type == "group" ? "owner" : "member", c.created_at, 0, 0});
        for (const auto& m : members) c.members.push_back(storage::Member{m, "member", c.created_at, 0, 0});
        std::string direct_key;
        if (type == "direct") {
            auto pair = std::minmax(call->user_id(), members.front());
            direct_key = pair.first + "\n" + pair.second;
        }
        std::string new_id = c.conversation_id;
        ctx_.storage.conversation_create(c, direct_key, [this, call, new_id](storage::StorageResult<storage::Conversation> r) {
            if (!r.ok()) return call->fail_storage(r, "conversation");
            bool created = r.value.conversation_id == new_id;
            auto entry = ctx_.conversations.put(r.value);
            json view = conversation_json(entry->conversation);
            call->ok(json{{"conversation_id", r.value.conversation_id}, {"created", created}, {"conversation", view}});
            if (!created) return;
            membership_changed(entry->member_ids());
            ctx_.publisher.to_users(entry->member_ids(), "conversation.new", json{{"conversation", view}}, call->conn());
        });
    });
}

void ConversationService::list(const CallPtr& call) {
    call->fields().allow_only({});
    ctx_.storage.conversation_list(call->user_id(),
                                   [call](storage::StorageResult<std::vector<storage::ConversationSummary>> r) {
                                       if (!r.ok()) return call->fail_storage(r, "user");
                                       json out = json::array();
                                       for (const auto& s : r.value) out.push_back(summary_json(s));
                                       call->ok(json{{"conversations", std::move(out)}});
                                   });
}

void ConversationService::get(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"conversation_id"});
    std::string id = f.string("conversation_id");
    ctx_.with_membership(call, id, [this, call](CachedConversation& c) {
        // Fresh from storage: the cache does not track every receipt.
        ctx_.storage.conversation_get(c.id(), [this, call](storage::StorageResult<storage::Conversation> r) {
            if (!r.ok()) return call->fail_storage(r, "conversation");
            ctx_.conversations.put(r.value);
            call->ok(conversation_json(r.value));
        });
    });
}

void ConversationService::with_managed_group(const CallPtr& call, const std::string& conversation_id,
                                             std::function<void(CachedConversation&)> fn) {
    ctx_.with_membership(call, conversation_id, [call, fn = std::move(fn)](CachedConversation& c) {
        if (c.is_direct()) return call->fail(ErrorCode::bad_request, "a direct conversation cannot be changed");
        if (!c.can_manage(call->user_id()))
            return call->fail(ErrorCode::forbidden, "only the owner or an admin can change this group");
        fn(c);
    });
}

void ConversationService::changed(const CallPtr& call, const storage::Conversation& conversation,
                                  const std::vector<std::string>& also_notify, const json& change) {
    auto entry = ctx_.conversations.put(conversation);
    json view = conversation_json(entry->conversation);
    call->ok(view);
    json event{{"conversation", view}};
    event.update(change);
    auto recipients = entry->member_ids();
    recipients.insert(recipients.end(), also_notify.begin(), also_notify.end());
    if (change.contains("added") || change.contains("removed")) membership_changed(recipients);
    ctx_.publisher.to_users(recipients, "conversation.updated", event, call->conn());
}

void ConversationService::update(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"conversation_id", "title"});
    std::string id = f.string("conversation_id");
    std::string title = f.string("title", kMaxTitleBytes);
    with_managed_group(call, id, [this, call, title](CachedConversation& c) {
        ctx_.storage.conversation_update(c.id(), title, [this, call](storage::StorageResult<storage::Conversation> r) {
            if (!r.ok()) return call->fail_storage(r, "conversation");
            changed(call, r.value, {}, json::object());
        });
    });
}

void ConversationService::add_members(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"conversation_id", "user_ids"});
    std::string id = f.string("conversation_id");
    auto user_ids = f.string_list("user_ids", ctx_.settings.max_group_members);
    with_managed_group(call, id, [this, call, user_ids](CachedConversation& c) {
        std::vector<std::string> added;
        for (const auto& u : user_ids)
            if (!c.member(u)) added.push_back(u);
        if (c.conversation.members.size() + added.size() > ctx_.settings.max_group_members)
            return call->fail(ErrorCode::bad_request, "a group has at most " +
                                                          std::to_string(ctx_.settings.max_group_members) + " members");
        if (added.empty()) return call->ok(conversation_json(c.conversation));
        std::string conversation_id = c.id();
        find_missing_users(added, [this, call, added, conversation_id](sb_status st, std::vector<std::string> missing) {
            if (st != SB_OK) return call->fail(protocol::from_status(st), "users could not be checked");
            if (!missing.empty()) return call->fail(ErrorCode::not_found, "unknown user: " + missing.front());
            std::vector<storage::Member> members;
            int64_t now = util::now_ms();
            for (const auto& u : added) members.push_back(storage::Member{u, "member", now, 0, 0});
            ctx_.storage.members_upsert(conversation_id, members,
                                        [this, call, added](storage::StorageResult<storage::Conversation> r) {
                                            if (!r.ok()) return call->fail_storage(r, "conversation");
                                            changed(call, r.value, {}, json{{"added", added}});
                                        });
        });
    });
}

void ConversationService::remove_member(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"conversation_id", "user_id"});
    std::string id = f.string("conversation_id");
    std::string target = f.string("user_id");
    with_managed_group(call, id, [this, call, target](CachedConversation& c) {
        const storage::Member* m = c.member(target);
        if (!m) return call->fail(ErrorCode::not_found, "not a member of this conversation: " + target);
        if (target == call->user_id()) return call->fail(ErrorCode::bad_request, "use conversation.leave to leave");
        if (m->role == "owner") return call->fail(ErrorCode::forbidden, "the owner cannot be removed");
        if (m->role == "admin" && c.member(call->user_id())->role != "owner")
            return call->fail(ErrorCode::forbidden, "only the owner can remove an admin");
        ctx_.storage.member_remove(c.id(), target, [this, call, target](storage::StorageResult<storage::Conversation> r) {
            if (!r.ok()) return call->fail_storage(r, "member");
            changed(call, r.value, {target}, json{{"removed", json::array({target})}});
        });
    });
}

void ConversationService::set_role(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"conversation_id", "user_id", "role"});
    std::string id = f.string("conversation_id");
    std::string target = f.string("user_id");
    std::string role = f.string("role");
    if (role != "admin" && role != "member" && role != "owner")
        throw ProtocolError(ErrorCode::bad_request, "data.role: expected \"owner\", \"admin\" or \"member\"");
    with_managed_group(call, id, [this, call, target, role](CachedConversation& c) {
        if (c.member(call->user_id())->role != "owner")
            return call->fail(ErrorCode::forbidden, "only the owner can change roles");
        const storage::Member* m = c.member(target);
        if (!m) return call->fail(ErrorCode::not_found, "not a member of this conversation: " + target);
        if (target == call->user_id()) return call->fail(ErrorCode::bad_request, "the owner hands over by naming another member as owner");
        std::vector<storage::Member> changes{storage::Member{target, role, m->joined_at, 0, 0}};
        if (role == "owner")  // a hand-over: the old owner stays on as admin
            changes.push_back(storage::Member{call->user_id(), "admin", c.member(call->user_id())->joined_at, 0, 0});
        ctx_.storage.members_upsert(c.id(), changes, [this, call](storage::StorageResult<storage::Conversation> r) {
            if (!r.ok()) return call->fail_storage(r, "conversation");
            changed(call, r.value, {}, json::object());
        });
    });
}

void ConversationService::leave(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"conversation_id"});
    std::string id = f.string("conversation_id");
    ctx_.with_membership(call, id, [this, call](CachedConversation& c) {
        if (c.is_direct()) return call->fail(ErrorCode::bad_request, "a direct conversation cannot be left");
        std::string conversation_id = c.id();
        auto remove = [this, call, conversation_id] {
            ctx_.storage.member_remove(conversation_id, call->user_id(),
                                       [this, call](storage::StorageResult<storage::Conversation> r) {
                                           if (!r.ok()) return call->fail_storage(r, "member");
                                           changed(call, r.value, {call->user_id()},
                                                   json{{"removed", json::array({call->user_id()})}});
                                       });
        };
        const storage::Member* me = c.member(call->user_id());
        if (me->role != "owner" || c.conversation.members.size() == 1) return remove();
        // The owner hands the group to the longest-standing admin, else member.
        const storage::Member* heir = nullptr;
        for (const auto& m : c.conversation.members) {
            if (m.user_id == call->user_id()) continue;
            bool better = !heir || (m.role == "admin" && heir->role != "admin") ||
                          (m.role == heir->role && m.joined_at < heir->joined_at);
            if (better) heir = &m;
        }
        std::vector<storage::Member> changes{storage::Member{heir->user_id, "owner", heir->joined_at, 0, 0}};
        ctx_.storage.members_upsert(conversation_id, changes, [call, remove](storage::StorageResult<storage::Conversation> r) {
            if (!r.ok()) return call->fail_storage(r, "conversation");
            remove();
        });
    });
}

}  // namespace switchboard::chat
