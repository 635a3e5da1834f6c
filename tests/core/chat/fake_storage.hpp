// An in-memory storage plugin for kernel tests: every function of
// sb_storage_vtable over std::map, with simple but faithful semantics (seq per
// conversation, direct_key idempotence, duplicate client_msg_id, receipts that
// only go up…). Each operation completes synchronously, inside the call; wrap
// it in a StorageClient whose `post` queues to an EventLoop to get the
// asynchrony of a real plugin.
#pragma once

#include <algorithm>
#include <cctype>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "switchboard/sdk/records.hpp"
#include "switchboard/storage.h"
#include "switchboard/storage/records.hpp"

namespace switchboard::chat::testing {

class FakeStorage {
public:
    FakeStorage() {
        vtable_.struct_size = sizeof(vtable_);
        vtable_.user_create = &thunk<sb_user, &FakeStorage::user_create>;
        vtable_.user_ensure = &thunk<sb_user, &FakeStorage::user_ensure>;
        vtable_.user_get = &thunk<sb_key_request, &FakeStorage::user_get>;
        vtable_.user_get_by_username = &thunk<sb_key_request, &FakeStorage::user_get_by_username>;
        vtable_.user_search = &thunk<sb_user_search_request, &FakeStorage::user_search>;
        vtable_.user_update = &thunk<sb_user_update_request, &FakeStorage::user_update>;
        vtable_.user_touch = &thunk<sb_user_touch_request, &FakeStorage::user_touch>;
        vtable_.refresh_insert = &thunk<sb_refresh_token, &FakeStorage::refresh_insert>;
        vtable_.refresh_rotate = &thunk<sb_refresh_rotate_request, &FakeStorage::refresh_rotate>;
        vtable_.refresh_revoke = &thunk<sb_key_request, &FakeStorage::refresh_revoke>;
        vtable_.refresh_revoke_user = &thunk<sb_key_request, &FakeStorage::refresh_revoke_user>;
        vtable_.device_upsert = &thunk<sb_device, &FakeStorage::device_upsert>;
        vtable_.device_delete = &thunk<sb_device_key_request, &FakeStorage::device_delete>;
        vtable_.device_list = &thunk<sb_key_request, &FakeStorage::device_list>;
        vtable_.conversation_create = &thunk<sb_conversation_create_request, &FakeStorage::conversation_create>;
        vtable_.conversation_get = &thunk<sb_key_request, &FakeStorage::conversation_get>;
        vtable_.conversation_list = &thunk<sb_key_request, &FakeStorage::conversation_list>;
        vtable_.conversation_update = &thunk<sb_conversation_update_request, &FakeStorage::conversation_update>;
        vtable_.members_upsert = &thunk<sb_members_upsert_request, &FakeStorage::members_upsert>;
        vtable_.member_remove = &thunk<sb_member_remove_request, &FakeStorage::member_remove>;
        vtable_.message_append = &thunk<sb_message_append_request, &FakeStorage::message_append>;
        vtable_.message_history = &thunk<sb_history_request, &FakeStorage::message_history>;
        vtable_.message_get = &thunk<sb_message_key_request, &FakeStorage::message_get>;
        vtable_.message_edit = &thunk<sb_message_edit_request, &FakeStorage::message_edit>;
        vtable_.message_delete = &thunk<sb_message_delete_request, &FakeStorage::message_delete>;
        vtable_.reaction_set = &thunk<sb_reaction_request, &FakeStorage::reaction_set>;
        vtable_.receipt_set = &thunk<sb_receipt_request, &FakeStorage::receipt_set>;
        vtable_.block_set = &thunk<sb_block_request, &FakeStorage::block_set>;
        vtable_.block_list = &thunk<sb_key_request, &FakeStorage::block_list>;
        vtable_.report_create = &thunk<sb_report_request, &FakeStorage::report_create>;
        vtable_.call_create = &thunk<sb_call_record, &FakeStorage::call_create>;
        vtable_.call_finish = &thunk<sb_call_finish_request, &FakeStorage::call_finish>;
        vtable_.call_history = &thunk<sb_call_history_request, &FakeStorage::call_history>;
        vtable_.call_finish_unfinished = &thunk<sb_call_finish_unfinished_request, &FakeStorage::call_finish_unfinished>;
        vtable_.outbox_write = &thunk<sb_outbox_write_request, &FakeStorage::outbox_write>;
        vtable_.outbox_claim = &thunk<sb_outbox_claim_request, &FakeStorage::outbox_claim>;
        vtable_.outbox_reschedule = &thunk<sb_outbox_reschedule_request, &FakeStorage::outbox_reschedule>;
        vtable_.notify_setting_set = &thunk<sb_notify_setting, &FakeStorage::notify_setting_set>;
        vtable_.notify_setting_get = &thunk<sb_notify_setting_key, &FakeStorage::notify_setting_get>;
        vtable_.device_delete_by_token = &thunk<sb_device_token_request, &FakeStorage::device_delete_by_token>;
    }
    FakeStorage(const FakeStorage&) = delete;
    FakeStorage& operator=(const FakeStorage&) = delete;

    const sb_storage_vtable& vtable() const noexcept { return vtable_; }
    void* instance() noexcept { return this; }

    // ---- test controls

    // Every later call of operation `op` ("user_get"…) completes with `status`
    // and no result; SB_OK lets it work again.
    void fail(const std::string& op, sb_status status) {
        if (status == SB_OK) failures_.erase(op);
        else failures_[op] = status;
    }
    // Adds push_context (storage ABI 1.4) to the vtable; without it the
    // host puts that answer together from other operations.
    void offer_push_context() { vtable_.push_context = &thunk<sb_push_context_request, &FakeStorage::push_context>; }
    // How many times operation `op` was called.
    int calls(const std::string& op) const {
        auto it = calls_.find(op);
        return it == calls_.end() ? 0 : it->second;
    }

    // ---- seeding

    storage::User& add_user(const std::string& user_id, const std::string& username,
                            const std::string& display_name = "") {
        storage::User& u = users[user_id];
        u.user_id = user_id;
        u.username = username;
        u.display_name = display_name.empty() ? username : display_name;
        u.created_at = 1'700'000'000'000;
        return u;
    }
    // The first member is the owner.
    storage::Conversation& add_conversation(const std::string& conversation_id, const std::string& type,
                                            const std::vector<std::string>& member_ids) {
        storage::Conversation& c = conversations[conversation_id];
        c.conversation_id = conversation_id;
        c.type = type;
        c.created_by = member_ids.empty() ? std::string() : member_ids.front();
        c.created_at = 1'700'000'000'000;
        c.members.clear();
        for (const auto& id : member_ids)
            c.members.push_back(storage::Member{id, c.members.empty() ? "owner" : "member", c.created_at, 0, 0});
        return c;
    }
    // Appends a message as storage would; returns its seq.
    uint64_t add_message(const std::string& conversation_id, const std::string& sender_id, const std::string& body) {
        storage::Conversation& c = conversations.at(conversation_id);
        storage::Message m;
        m.conversation_id = conversation_id;
        m.message_id = conversation_id + "/" + std::to_string(c.last_seq + 1);
        m.seq = ++c.last_seq;
        m.sender_id = sender_id;
        m.body = body;
        m.sent_at = c.created_at + static_cast<int64_t>(m.seq);
        messages[conversation_id].push_back(m);
        return m.seq;
    }

    // ---- the stored data, open for seeding and inspection

    std::map<std::string, storage::User> users;
    std::map<std::string, storage::RefreshToken> refresh_tokens;                    // by token_hash
    std::map<std::pair<std::string, std::string>, storage::Device> devices;        // (user_id, device_id)
    std::map<std::string, storage::Conversation> conversations;
    std::map<std::string, std::string> direct_keys;                                 // direct_key -> conversation_id
    std::map<std::string, std::vector<storage::Message>> messages;                  // element i has seq i + 1
    std::set<std::pair<std::string, std::string>> blocks;                           // (user_id, target_id)
    std::vector<storage::Report> reports;
    std::map<std::string, storage::CallRecord> call_records;                       // by call_id
    std::map<std::string, storage::OutboxEntry> outbox;                              // by entry_id
    std::map<std::pair<std::string, std::string>, storage::NotifySetting> notify_settings;  // (user, conversation)

private:
    using Done = sb_storage_done;

    // C views of owned records, alive until the operation's `done` returns.
    struct Views {
        std::deque<std::vector<sb_member>> member_arrays;
        std::deque<std::vector<sb_reaction>> reaction_arrays;
        std::deque<sb_conversation> conversations;
        std::deque<sb_message> messages;

        const sb_conversation* add(const storage::Conversation& c) {
            auto& members = member_arrays.emplace_back();
            for (const auto& m : c.members)
                members.push_back(sb_member{sizeof(sb_member), s(m.user_id), s(m.role), m.joined_at, m.delivered_seq,
                                            m.read_seq});
            return &conversations.emplace_back(sb_conversation{sizeof(sb_conversation), s(c.conversation_id), s(c.type),
                                                               s(c.title), s(c.created_by), c.created_at, c.last_seq,
                                                               members.data(), members.size()});
        }
        const sb_message* add(const storage::Message& m) {
            auto& reactions = reaction_arrays.emplace_back();
            for (const auto& r : m.reactions)
                reactions.push_back(sb_reaction{sizeof(sb_reaction), s(r.user_id), s(r.emoji), r.created_at});
            return &messages.emplace_back(sb_message{sizeof(sb_message), s(m.conversation_id), s(m.message_id), m.seq,
                                                     s(m.sender_id), s(m.client_msg_id), s(m.body), s(m.extra_json),
                                                     m.reply_to_seq, m.sent_at, m.edited_at, m.deleted_at,
                                                     reactions.data(), reactions.size(), nullptr, 0});
        }
    };

    template <class Req, sb_status (FakeStorage::*Method)(const Req&, Done, void*)>
    static sb_status thunk(void* self, const Req* req, Done done, void* ctx) {
        return (static_cast<FakeStorage*>(self)->*Method)(sdk::read_record(*req), done, ctx);
    }

    static sb_str s(const std::string& text) noexcept { return sb_str{text.data(), text.size()}; }
    static std::string str(sb_str text) { return text.ptr ? std::string(text.ptr, text.len) : std::string(); }
    static std::string lower(std::string text) {
        for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return text;
    }
    static sb_user view(const storage::User& u) {
        return sb_user{sizeof(sb_user), s(u.user_id),       s(u.username), s(u.display_name),
                       s(u.password_hash), u.created_at, u.last_seen_at};
    }
    static storage::User owned(const sb_user& in) {
        sb_user u = sdk::read_record(in);
        return storage::User{str(u.user_id), str(u.username), str(u.display_name), str(u.password_hash), u.created_at,
                             u.last_seen_at};
    }
    static storage::RefreshToken owned(const sb_refresh_token& in) {
        sb_refresh_token t = sdk::read_record(in);
        return storage::RefreshToken{str(t.token_hash), str(t.user_id), str(t.device_id), t.created_at, t.expires_at};
    }
    static sb_refresh_token view(const storage::RefreshToken& t) {
        return sb_refresh_token{sizeof(sb_refresh_token), s(t.token_hash), s(t.user_id), s(t.device_id), t.created_at,
                                t.expires_at};
    }
    static storage::Member owned(const sb_member& in) {
        sb_member m = sdk::read_record(in);
        return storage::Member{str(m.user_id), str(m.role), m.joined_at, m.delivered_seq, m.read_seq};
    }

    // Counts the call; answers an injected failure (then true: nothing else to do).
    bool intercepted(const char* op, Done done, void* ctx) {
        ++calls_[op];
        auto it = failures_.find(op);
        if (it == failures_.end()) return false;
        done(ctx, it->second, "injected failure", nullptr);
        return true;
    }
    static sb_status finish(Done done, void* ctx, const void* result = nullptr) {
        done(ctx, SB_OK, "", result);
        return SB_OK;
    }
    static sb_status refuse(Done done, void* ctx, sb_status status, const char* message) {
        done(ctx, status, message, nullptr);
        return SB_OK;
    }

    storage::Message* find_message(const std::string& conversation_id, uint64_t seq) {
        auto it = messages.find(conversation_id);
        if (it == messages.end() || seq == 0 || seq > it->second.size()) return nullptr;
        return &it->second[seq - 1];
    }

    // ---- users

    sb_status user_create(const sb_user& req, Done done, void* ctx) {
        if (intercepted("user_create", done, ctx)) return SB_OK;
        storage::User u = owned(req);
        if (users.count(u.user_id) || by_username(u.username))
            return refuse(done, ctx, SB_ERR_CONFLICT, "user_id or username taken");
        users[u.user_id] = u;
        return finish(done, ctx);
    }
    sb_status user_ensure(const sb_user& req, Done done, void* ctx) {
        if (intercepted("user_ensure", done, ctx)) return SB_OK;
        storage::User u = owned(req);
        auto it = users.find(u.user_id);
        if (it == users.end()) {
            if (by_username(u.username)) return refuse(done, ctx, SB_ERR_CONFLICT, "username taken");
            it = users.emplace(u.user_id, u).first;
        }
        sb_user out = view(it->second);
        return finish(done, ctx, &out);
    }
    const storage::User* by_username(const std::string& username) const {
        for (const auto& [id, u] : users)
            if (u.username == username) return &u;
        return nullptr;
    }
    sb_status user_get(const sb_key_request& req, Done done, void* ctx) {
        if (intercepted("user_get", done, ctx)) return SB_OK;
        auto it = users.find(str(req.key));
        if (it == users.end()) return refuse(done, ctx, SB_ERR_NOT_FOUND, "no such user");
        sb_user out = view(it->second);
        return finish(done, ctx, &out);
    }
    sb_status user_get_by_username(const sb_key_request& req, Done done, void* ctx) {
        if (intercepted("user_get_by_username", done, ctx)) return SB_OK;
        const storage::User* u = by_username(str(req.key));
        if (!u) return refuse(done, ctx, SB_ERR_NOT_FOUND, "no such user");
        sb_user out = view(*u);
        return finish(done, ctx, &out);
    }
    sb_status user_search(const sb_user_search_request& req, Done done, void* ctx) {
        if (intercepted("user_search", done, ctx)) return SB_OK;
        std::string query = lower(str(req.query));
        std::vector<const storage::User*> found;
        for (const auto& [id, u] : users)
            if (lower(u.username).find(query) != std::string::npos ||
                lower(u.display_name).find(query) != std::string::npos)
                found.push_back(&u);
        std::sort(found.begin(), found.end(), [](auto* a, auto* b) { return a->username < b->username; });
        if (found.size() > req.limit) found.resize(req.limit);
        std::vector<sb_user> items;
        for (const auto* u : found) items.push_back(view(*u));
        sb_user_list out{sizeof(out), items.data(), items.size()};
        return finish(done, ctx, &out);
    }
    sb_status user_update(const sb_user_update_request& req, Done done, void* ctx) {
        if (intercepted("user_update", done, ctx)) return SB_OK;
        auto it = users.find(str(req.user_id));
        if (it == users.end()) return refuse(done, ctx, SB_ERR_NOT_FOUND, "no such user");
        if (req.display_name.ptr) it->second.display_name = str(req.display_name);
        if (req.password_hash.ptr) it->second.password_hash = str(req.password_hash);
        sb_user out = view(it->second);
        return finish(done, ctx, &out);
    }
    sb_status user_touch(const sb_user_touch_request& req, Done done, void* ctx) {
        if (intercepted("user_touch", done, ctx)) return SB_OK;
        if (auto it = users.find(str(req.user_id)); it != users.end()) it->second.last_seen_at = req.last_seen_at;
        return finish(done, ctx);
    }

    // ---- refresh tokens

    sb_status refresh_insert(const sb_refresh_token& req, Done done, void* ctx) {
        if (intercepted("refresh_insert", done, ctx)) return SB_OK;
        storage::RefreshToken t = owned(req);
        if (!refresh_tokens.emplace(t.token_hash, t).second)
            return refuse(done, ctx, SB_ERR_CONFLICT, "token exists");
        return finish(done, ctx);
    }
    sb_status refresh_rotate(const sb_refresh_rotate_request& req, Done done, void* ctx) {
        if (intercepted("refresh_rotate", done, ctx)) return SB_OK;
        auto it = refresh_tokens.find(str(req.old_token_hash));
        if (it == refresh_tokens.end() || it->second.expires_at <= req.now)
            return refuse(done, ctx, SB_ERR_NOT_FOUND, "unknown or expired token");
        storage::RefreshToken consumed = it->second;
        refresh_tokens.erase(it);
        storage::RefreshToken next = owned(*req.replacement);
        refresh_tokens[next.token_hash] = next;
        sb_refresh_token out = view(consumed);
        return finish(done, ctx, &out);
    }
    sb_status refresh_revoke(const sb_key_request& req, Done done, void* ctx) {
        if (intercepted("refresh_revoke", done, ctx)) return SB_OK;
        refresh_tokens.erase(str(req.key));
        return finish(done, ctx);
    }
    sb_status refresh_revoke_user(const sb_key_request& req, Done done, void* ctx) {
        if (intercepted("refresh_revoke_user", done, ctx)) return SB_OK;
        std::string user_id = str(req.key);
        std::erase_if(refresh_tokens, [&](const auto& entry) { return entry.second.user_id == user_id; });
        return finish(done, ctx);
    }

    // ---- devices

    sb_status device_upsert(const sb_device& req, Done done, void* ctx) {
        if (intercepted("device_upsert", done, ctx)) return SB_OK;
        storage::Device d{str(req.user_id), str(req.device_id), str(req.provider),
                          str(req.token),   str(req.extra_json), req.updated_at};
        devices[{d.user_id, d.device_id}] = d;
        return finish(done, ctx);
    }
    sb_status device_delete(const sb_device_key_request& req, Done done, void* ctx) {
        if (intercepted("device_delete", done, ctx)) return SB_OK;
        if (!devices.erase({str(req.user_id), str(req.device_id)}))
            return refuse(done, ctx, SB_ERR_NOT_FOUND, "no such device");
        return finish(done, ctx);
    }
    sb_status device_list(const sb_key_request& req, Done done, void* ctx) {
        if (intercepted("device_list", done, ctx)) return SB_OK;
        std::string user_id = str(req.key);
        std::vector<sb_device> items;
        for (const auto& [key, d] : devices)
            if (d.user_id == user_id)
                items.push_back(sb_device{sizeof(sb_device), s(d.user_id), s(d.device_id), s(d.provider), s(d.token),
                                          s(d.extra_json), d.updated_at});
        sb_device_list out{sizeof(out), items.data(), items.size()};
        return finish(done, ctx, &out);
    }

    // ---- conversations

    sb_status conversation_create(const sb_conversation_create_request& req, Done done, void* ctx) {
        if (intercepted("conversation_create", done, ctx)) return SB_OK;
        sb_conversation in = sdk::read_record(*req.conversation);
        std::string direct_key = str(req.direct_key);
        Views views;
        if (!direct_key.empty()) {
            if (auto existing = direct_keys.find(direct_key); existing != direct_keys.end())
                return finish(done, ctx, views.add(conversations.at(existing->second)));
        }
        std::string id = str(in.conversation_id);
        if (conversations.count(id)) return refuse(done, ctx, SB_ERR_CONFLICT, "conversation exists");
        storage::Conversation c{id, str(in.type), str(in.title), str(in.created_by), in.created_at, 0, {}};
        for (size_t i = 0; i < in.member_count; ++i) c.members.push_back(owned(sdk::read_element(in.members, i)));
        conversations[id] = c;
        if (!direct_key.empty()) direct_keys[direct_key] = id;
        return finish(done, ctx, views.add(c));
    }
    sb_status conversation_get(const sb_key_request& req, Done done, void* ctx) {
        if (intercepted("conversation_get", done, ctx)) return SB_OK;
        auto it = conversations.find(str(req.key));
        if (it == conversations.end()) return refuse(done, ctx, SB_ERR_NOT_FOUND, "no such conversation");
        Views views;
        return finish(done, ctx, views.add(it->second));
    }
    sb_status conversation_list(const sb_key_request& req, Done done, void* ctx) {
        if (intercepted("conversation_list", done, ctx)) return SB_OK;
        std::string user_id = str(req.key);
        struct Row {
            const storage::Conversation* conversation;
            const storage::Member* member;
            const storage::Message* last;
            int64_t activity;
        };
        std::vector<Row> rows;
        for (const auto& [id, c] : conversations) {
            auto m = std::find_if(c.members.begin(), c.members.end(), [&](auto& x) { return x.user_id == user_id; });
            if (m == c.members.end()) continue;
            const storage::Message* last = c.last_seq ? find_message(id, c.last_seq) : nullptr;
            rows.push_back(Row{&c, &*m, last, last ? last->sent_at : c.created_at});
        }
        std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.activity > b.activity; });
        Views views;
        std::vector<sb_conversation_summary> items;
        for (const Row& row : rows) {
            uint64_t unread = 0;
            for (const auto& m : messages[row.conversation->conversation_id])
                if (m.seq > row.member->read_seq && m.sender_id != user_id && !m.deleted_at) ++unread;
            items.push_back(sb_conversation_summary{sizeof(sb_conversation_summary), views.add(*row.conversation),
                                                    row.member->delivered_seq, row.member->read_seq, unread,
                                                    row.last ? views.add(*row.last) : nullptr});
        }
        sb_conversation_summary_list out{sizeof(out), items.data(), items.size()};
        return finish(done, ctx, &out);
    }
    sb_status conversation_update(const sb_conversation_update_request& req, Done done, void* ctx) {
        if (intercepted("conversation_update", done, ctx)) return SB_OK;
        auto it = conversations.find(str(req.conversation_id));
        if (it == conversations.end()) return refuse(done, ctx, SB_ERR_NOT_FOUND, "no such conversation");
        it->second.title = str(req.title);
        Views views;
        return finish(done, ctx, views.add(it->second));
    }
    sb_status members_upsert(const sb_members_upsert_request& req, Done done, void* ctx) {
        if (intercepted("members_upsert", done, ctx)) return SB_OK;
        auto it = conversations.find(str(req.conversation_id));
        if (it == conversations.end()) return refuse(done, ctx, SB_ERR_NOT_FOUND, "no such conversation");
        auto& members = it->second.members;
        for (size_t i = 0; i < req.member_count; ++i) {
            storage::Member m = owned(sdk::read_element(req.members, i));
            auto existing =
                std::find_if(members.begin(), members.end(), [&](auto& x) { return x.user_id == m.user_id; });
            if (existing != members.end()) existing->role = m.role;
            else members.push_back(m);
        }
        Views views;
        return finish(done, ctx, views.add(it->second));
    }
    sb_status member_remove(const sb_member_remove_request& req, Done done, void* ctx) {
        if (intercepted("member_remove", done, ctx)) return SB_OK;
        auto it = conversations.find(str(req.conversation_id));
        if (it == conversations.end()) return refuse(done, ctx, SB_ERR_NOT_FOUND, "no such conversation");
        std::string user_id = str(req.user_id);
        if (!std::erase_if(it->second.members, [&](auto& m) { return m.user_id == user_id; }))
            return refuse(done, ctx, SB_ERR_NOT_FOUND, "not a member");
        Views views;
        return finish(done, ctx, views.add(it->second));
    }

    // ---- messages

    sb_status message_append(const sb_message_append_request& req, Done done, void* ctx) {
        if (intercepted("message_append", done, ctx)) return SB_OK;
        sb_message in = sdk::read_record(*req.message);
        auto conversation = conversations.find(str(in.conversation_id));
        if (conversation == conversations.end()) return refuse(done, ctx, SB_ERR_NOT_FOUND, "no such conversation");
        auto& stored = messages[conversation->first];
        std::string sender = str(in.sender_id);
        std::string client_msg_id = str(in.client_msg_id);
        Views views;
        if (!client_msg_id.empty()) {
            for (const auto& m : stored) {
                if (m.sender_id == sender && m.client_msg_id == client_msg_id) {
                    sb_message_append_result out{sizeof(out), views.add(m), 1};
                    return finish(done, ctx, &out);
                }
            }
        }
        storage::Message m;
        m.conversation_id = conversation->first;
        m.message_id = str(in.message_id);
        m.seq = ++conversation->second.last_seq;
        m.sender_id = sender;
        m.client_msg_id = client_msg_id;
        m.body = str(in.body);
        m.extra_json = str(in.extra_json);
        m.reply_to_seq = in.reply_to_seq;
        m.sent_at = in.sent_at;
        stored.push_back(m);
        for (size_t i = 0; i < req.notify_count; ++i) {
            storage::OutboxEntry e = owned(sdk::read_element(req.notify, i));
            e.seq = m.seq;
            outbox.emplace(e.entry_id, e);
        }
        sb_message_append_result out{sizeof(out), views.add(stored.back()), 0};
        return finish(done, ctx, &out);
    }
    sb_status message_history(const sb_history_request& req, Done done, void* ctx) {
        if (intercepted("message_history", done, ctx)) return SB_OK;
        std::vector<const storage::Message*> range;
        for (const auto& m : messages[str(req.conversation_id)]) {
            if (req.after_seq && m.seq <= req.after_seq) continue;
            if (req.before_seq && m.seq >= req.before_seq) continue;
            range.push_back(&m);
        }
        // after_seq reads forward from its start; otherwise the newest `limit`.
        if (range.size() > req.limit) {
            if (req.after_seq) range.resize(req.limit);
            else range.erase(range.begin(), range.end() - static_cast<long>(req.limit));
        }
        Views views;
        std::vector<sb_message> items;
        for (const auto* m : range) items.push_back(*views.add(*m));
        sb_message_list out{sizeof(out), items.data(), items.size()};
        return finish(done, ctx, &out);
    }
    sb_status message_get(const sb_message_key_request& req, Done done, void* ctx) {
        if (intercepted("message_get", done, ctx)) return SB_OK;
        storage::Message* m = find_message(str(req.conversation_id), req.seq);
        if (!m) return refuse(done, ctx, SB_ERR_NOT_FOUND, "no such message");
        Views views;
        return finish(done, ctx, views.add(*m));
    }
    sb_status message_edit(const sb_message_edit_request& req, Done done, void* ctx) {
        if (intercepted("message_edit", done, ctx)) return SB_OK;
        storage::Message* m = find_message(str(req.conversation_id), req.seq);
        if (!m || m->deleted_at) return refuse(done, ctx, SB_ERR_NOT_FOUND, "no such message");
        m->body = str(req.body);
        if (req.extra_json.ptr) m->extra_json = str(req.extra_json);
        m->edited_at = req.edited_at;
        Views views;
        return finish(done, ctx, views.add(*m));
    }
    sb_status message_delete(const sb_message_delete_request& req, Done done, void* ctx) {
        if (intercepted("message_delete", done, ctx)) return SB_OK;
        storage::Message* m = find_message(str(req.conversation_id), req.seq);
        if (!m) return refuse(done, ctx, SB_ERR_NOT_FOUND, "no such message");
        if (!m->deleted_at) {
            m->deleted_at = req.deleted_at;
            m->body.clear();
            m->extra_json.clear();
            m->reactions.clear();
        }
        Views views;
        return finish(done, ctx, views.add(*m));
    }
    sb_status reaction_set(const sb_reaction_request& req, Done done, void* ctx) {
        if (intercepted("reaction_set", done, ctx)) return SB_OK;
        storage::Message* m = find_message(str(req.conversation_id), req.seq);
        if (!m || m->deleted_at) return refuse(done, ctx, SB_ERR_NOT_FOUND, "no such message");
        std::string user_id = str(req.user_id);
        std::string emoji = str(req.emoji);
        auto same = [&](const storage::Reaction& r) { return r.user_id == user_id && r.emoji == emoji; };
        if (!req.add) std::erase_if(m->reactions, same);
        else if (std::none_of(m->reactions.begin(), m->reactions.end(), same))
            m->reactions.push_back(storage::Reaction{user_id, emoji, req.created_at});
        Views views;
        return finish(done, ctx, views.add(*m));
    }
    sb_status receipt_set(const sb_receipt_request& req, Done done, void* ctx) {
        if (intercepted("receipt_set", done, ctx)) return SB_OK;
        auto it = conversations.find(str(req.conversation_id));
        if (it == conversations.end()) return refuse(done, ctx, SB_ERR_NOT_FOUND, "no such conversation");
        std::string user_id = str(req.user_id);
        auto& members = it->second.members;
        auto m = std::find_if(members.begin(), members.end(), [&](auto& x) { return x.user_id == user_id; });
        if (m == members.end()) return refuse(done, ctx, SB_ERR_NOT_FOUND, "not a member");
        uint64_t seq = std::min(req.seq, it->second.last_seq);
        sb_receipt_result out{sizeof(out), m->delivered_seq, m->read_seq, 0};
        if (req.kind == SB_RECEIPT_READ) m->read_seq = std::max(m->read_seq, seq);
        m->delivered_seq = std::max({m->delivered_seq, m->read_seq, seq});
        out.changed = out.delivered_seq != m->delivered_seq || out.read_seq != m->read_seq;
        out.delivered_seq = m->delivered_seq;
        out.read_seq = m->read_seq;
        return finish(done, ctx, &out);
    }

    // ---- push outbox and notification settings (ABI 1.3)

    static storage::OutboxEntry owned(const sb_outbox_entry& in) {
        sb_outbox_entry e = sdk::read_record(in);
        return storage::OutboxEntry{str(e.entry_id), str(e.user_id), str(e.device_id), e.category,
                                    str(e.conversation_id), e.seq, str(e.call_id), str(e.payload_json),
                                    e.due_at, e.attempts, e.created_at};
    }
    static sb_outbox_entry view(const storage::OutboxEntry& e) {
        return sb_outbox_entry{sizeof(sb_outbox_entry), s(e.entry_id), s(e.user_id), s(e.device_id), e.category,
                               s(e.conversation_id), e.seq, s(e.call_id), s(e.payload_json), e.due_at, e.attempts,
                               e.created_at};
    }
    sb_status outbox_write(const sb_outbox_write_request& req, Done done, void* ctx) {
        if (intercepted("outbox_write", done, ctx)) return SB_OK;
        for (size_t i = 0; i < req.insert_count; ++i) {
            storage::OutboxEntry e = owned(sdk::read_element(req.inserts, i));
            outbox.emplace(e.entry_id, e);
        }
        for (size_t i = 0; i < req.delete_count; ++i) outbox.erase(str(req.delete_ids[i]));
        return finish(done, ctx);
    }
    sb_status outbox_claim(const sb_outbox_claim_request& req, Done done, void* ctx) {
        if (intercepted("outbox_claim", done, ctx)) return SB_OK;
        std::vector<storage::OutboxEntry*> due;
        for (auto& [id, e] : outbox)
            if (e.due_at <= req.now) due.push_back(&e);
        std::stable_sort(due.begin(), due.end(), [](auto* a, auto* b) { return a->due_at < b->due_at; });
        if (due.size() > req.limit) due.resize(req.limit);
        std::vector<storage::OutboxEntry> claimed;
        for (auto* e : due) {
            claimed.push_back(*e);
            e->due_at = req.lease_until;
        }
        std::vector<sb_outbox_entry> items;
        for (const auto& e : claimed) items.push_back(view(e));
        sb_outbox_entry_list out{sizeof(out), items.data(), items.size()};
        return finish(done, ctx, &out);
    }
    sb_status outbox_reschedule(const sb_outbox_reschedule_request& req, Done done, void* ctx) {
        if (intercepted("outbox_reschedule", done, ctx)) return SB_OK;
        auto it = outbox.find(str(req.entry_id));
        if (it == outbox.end()) return refuse(done, ctx, SB_ERR_NOT_FOUND, "no such outbox entry");
        it->second.due_at = req.due_at;
        it->second.attempts = req.attempts;
        return finish(done, ctx);
    }
    sb_status notify_setting_set(const sb_notify_setting& req, Done done, void* ctx) {
        if (intercepted("notify_setting_set", done, ctx)) return SB_OK;
        storage::NotifySetting n{str(req.user_id), str(req.conversation_id), str(req.level), req.muted_until};
        notify_settings[{n.user_id, n.conversation_id}] = n;
        return finish(done, ctx);
    }
    sb_status notify_setting_get(const sb_notify_setting_key& req, Done done, void* ctx) {
        if (intercepted("notify_setting_get", done, ctx)) return SB_OK;
        auto it = notify_settings.find({str(req.user_id), str(req.conversation_id)});
        if (it == notify_settings.end()) return refuse(done, ctx, SB_ERR_NOT_FOUND, "no setting");
        const auto& n = it->second;
        sb_notify_setting out{sizeof(out), s(n.user_id), s(n.conversation_id), s(n.level), n.muted_until};
        return finish(done, ctx, &out);
    }
    sb_status push_context(const sb_push_context_request& req, Done done, void* ctx) {
        if (intercepted("push_context", done, ctx)) return SB_OK;
        const std::string user_id = str(req.user_id);
        const std::string conversation_id = str(req.conversation_id);
        const storage::Member* mine = nullptr;
        uint64_t unread_total = 0;
        for (const auto& [id, c] : conversations) {
            auto m = std::find_if(c.members.begin(), c.members.end(), [&](auto& x) { return x.user_id == user_id; });
            if (m == c.members.end()) continue;
            if (id == conversation_id) mine = &*m;
            for (const auto& message : messages[id])
                if (message.seq > m->read_seq && message.sender_id != user_id && !message.deleted_at) ++unread_total;
        }
        if (!mine) return refuse(done, ctx, SB_ERR_NOT_FOUND, "not a member of this conversation");
        const storage::Conversation& c = conversations.at(conversation_id);
        std::optional<sb_notify_setting> setting;
        if (auto it = notify_settings.find({user_id, conversation_id}); it != notify_settings.end())
            setting = sb_notify_setting{sizeof(sb_notify_setting), s(it->second.user_id),
                                        s(it->second.conversation_id), s(it->second.level), it->second.muted_until};
        Views views;
        const storage::Message* message = find_message(conversation_id, req.seq);
        sb_push_context out{sizeof(out),  s(c.type),
                            s(c.title),   mine->read_seq,
                            unread_total, setting ? &*setting : nullptr,
                            message ? views.add(*message) : nullptr};
        return finish(done, ctx, &out);
    }
    sb_status device_delete_by_token(const sb_device_token_request& req, Done done, void* ctx) {
        if (intercepted("device_delete_by_token", done, ctx)) return SB_OK;
        std::vector<storage::Device> deleted;
        for (auto it = devices.begin(); it != devices.end();) {
            if (it->second.provider == str(req.provider) && it->second.token == str(req.token)) {
                deleted.push_back(it->second);
                it = devices.erase(it);
            } else {
                ++it;
            }
        }
        std::vector<sb_device> items;
        for (const auto& d : deleted)
            items.push_back(sb_device{sizeof(sb_device), s(d.user_id), s(d.device_id), s(d.provider), s(d.token),
                                      s(d.extra_json), d.updated_at});
        sb_device_list out{sizeof(out), items.data(), items.size()};
        return finish(done, ctx, &out);
    }

    // ---- moderation

    sb_status block_set(const sb_block_request& req, Done done, void* ctx) {
        if (intercepted("block_set", done, ctx)) return SB_OK;
        std::pair<std::string, std::string> key{str(req.user_id), str(req.target_id)};
        if (req.blocked) blocks.insert(key);
        else blocks.erase(key);
        return finish(done, ctx);
    }
    sb_status block_list(const sb_key_request& req, Done done, void* ctx) {
        if (intercepted("block_list", done, ctx)) return SB_OK;
        std::string user_id = str(req.key);
        std::vector<sb_str> items;
        for (const auto& [user, target] : blocks)
            if (user == user_id) items.push_back(s(target));
        sb_str_list out{sizeof(out), items.data(), items.size()};
        return finish(done, ctx, &out);
    }
    sb_status report_create(const sb_report_request& req, Done done, void* ctx) {
        if (intercepted("report_create", done, ctx)) return SB_OK;
        sb_report r = sdk::read_record(*req.report);
        reports.push_back(storage::Report{str(r.report_id), str(r.reporter_id), str(r.target_user_id),
                                          str(r.conversation_id), r.seq, str(r.reason), r.created_at});
        return finish(done, ctx);
    }

    // ---- calls

    static sb_call_record view(const storage::CallRecord& c) {
        return sb_call_record{sizeof(sb_call_record), s(c.call_id), s(c.conversation_id), s(c.caller_id),
                              s(c.callee_id),          s(c.media),   s(c.outcome),         s(c.end_reason),
                              c.started_at,            c.answered_at, c.ended_at};
    }
    static sb_status finish_list(Done done, void* ctx, const std::vector<storage::CallRecord>& records) {
        std::vector<sb_call_record> items;
        for (const auto& c : records) items.push_back(view(c));
        sb_call_record_list out{sizeof(out), items.data(), items.size()};
        return finish(done, ctx, &out);
    }
    sb_status call_create(const sb_call_record& req, Done done, void* ctx) {
        if (intercepted("call_create", done, ctx)) return SB_OK;
        storage::CallRecord c{str(req.call_id), str(req.conversation_id), str(req.caller_id), str(req.callee_id),
                              str(req.media),   "",                       "",                 req.started_at,
                              0,                0};
        if (!call_records.emplace(c.call_id, c).second) return refuse(done, ctx, SB_ERR_CONFLICT, "call exists");
        return finish(done, ctx);
    }
    sb_status call_finish(const sb_call_finish_request& req, Done done, void* ctx) {
        if (intercepted("call_finish", done, ctx)) return SB_OK;
        auto it = call_records.find(str(req.call_id));
        if (it == call_records.end()) return refuse(done, ctx, SB_ERR_NOT_FOUND, "no such call");
        if (!it->second.outcome.empty()) return refuse(done, ctx, SB_ERR_CONFLICT, "call finished");
        it->second.outcome = str(req.outcome);
        it->second.end_reason = str(req.end_reason);
        it->second.answered_at = req.answered_at;
        it->second.ended_at = req.ended_at;
        return finish(done, ctx);
    }
    sb_status call_history(const sb_call_history_request& req, Done done, void* ctx) {
        if (intercepted("call_history", done, ctx)) return SB_OK;
        std::string user = str(req.user_id);
        std::vector<storage::CallRecord> found;
        for (const auto& [id, c] : call_records)
            if ((c.caller_id == user || c.callee_id == user) && (req.before <= 0 || c.started_at < req.before))
                found.push_back(c);
        std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
            return std::tie(a.started_at, a.call_id) > std::tie(b.started_at, b.call_id);
        });
        if (found.size() > req.limit) found.resize(req.limit);
        return finish_list(done, ctx, found);
    }
    sb_status call_finish_unfinished(const sb_call_finish_unfinished_request& req, Done done, void* ctx) {
        if (intercepted("call_finish_unfinished", done, ctx)) return SB_OK;
        std::vector<storage::CallRecord> finished;
        for (auto& [id, c] : call_records) {
            if (!c.outcome.empty()) continue;
            c.outcome = str(req.outcome);
            c.end_reason = str(req.end_reason);
            c.ended_at = req.ended_at;
            finished.push_back(c);
        }
        return finish_list(done, ctx, finished);
    }

    sb_storage_vtable vtable_{};
    std::map<std::string, sb_status> failures_;
    std::map<std::string, int> calls_;
};

}  // namespace switchboard::chat::testing
