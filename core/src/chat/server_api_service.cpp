#include "switchboard/chat/server_api_service.hpp"

#include "switchboard/auth/password_policy.hpp"
#include "switchboard/chat/json_views.hpp"
#include "switchboard/chat/username.hpp"
#include "switchboard/protocol/protocol_error.hpp"
#include "switchboard/util/clock.hpp"
#include "switchboard/util/id_generator.hpp"

namespace switchboard::chat {

using nlohmann::json;
using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

// Integrators choose ids that match their own systems ("odoo-42", "auth0|abc").
void check_user_id(const std::string& id) {
    for (char c : id)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' || c == ':' || c == '|' ||
              c == '@'))
            throw ProtocolError(ErrorCode::bad_request,
                                "data.user_id: letters, digits and . _ - : | @ only");
}

json user_view(const storage::User& user, bool created) {
    json out = user_json(user);
    out["created_at"] = user.created_at;
    out["created"] = created;
    return out;
}

}  // namespace

void ServerApiService::register_ops(Dispatcher& d) {
    using A = Dispatcher::Access;
    d.add("server.user.upsert", A::server_api, [this](const CallPtr& c) { upsert_user(c); });
    d.add("server.token.create", A::server_api, [this](const CallPtr& c) { create_token(c); });
    d.add("server.conversation.create", A::server_api, [this](const CallPtr& c) { create_conversation(c); });
    d.add("server.conversation.list", A::server_api, [this](const CallPtr& c) { list_conversations(c); });
    d.add("server.message.send", A::server_api, [this](const CallPtr& c) { send_message(c); });
}

void ServerApiService::with_user(const CallPtr& call, const std::string& user_id, const std::string& field,
                                 std::function<void()> fn) {
    ctx_.storage.user_get(user_id, [call, user_id, field, fn = std::move(fn)](storage::StorageResult<storage::User> r) {
        if (r.status == SB_ERR_NOT_FOUND) return call->fail(ErrorCode::not_found, field + ": no user " + user_id);
        if (!r.ok()) return call->fail_storage(r, "user");
        guarded(call, fn);
    });
}

void ServerApiService::upsert_user(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"username", "display_name", "password", "user_id"});
    std::string username = normalize_username(f.string("username", 64));
    auto display_name = f.optional_string("display_name", 64);
    auto user_id = f.optional_string("user_id", 128);
    if (user_id) check_user_id(*user_id);
    std::optional<std::string> password;
    if (f.value("password")) {
        password = f.text("password", auth::PasswordPolicy::kMaxBytes);
        if (auto problem = auth_.password_problem(*password))
            throw ProtocolError(ErrorCode::bad_request, "data.password: " + *problem);
    }

    auto store = [this, call, username, display_name, user_id](std::string hash) {
        ctx_.storage.user_get_by_username(username, [=, this](storage::StorageResult<storage::User> found) {
            if (found.ok()) {
                const storage::User& existing = found.value;
                if (user_id && *user_id != existing.user_id)
                    return call->fail(ErrorCode::conflict,
                                      "username '" + username + "' belongs to user " + existing.user_id);
                if (!display_name && hash.empty()) return call->ok(user_view(existing, false));
                return ctx_.storage.user_update(existing.user_id, display_name ? &*display_name : nullptr,
                                                hash.empty() ? nullptr : &hash,
                                                [call](storage::StorageResult<storage::User> updated) {
                                                    if (!updated.ok()) return call->fail_storage(updated, "user");
                                                    call->ok(user_view(updated.value, false));
                                                });
            }
            if (found.status != SB_ERR_NOT_FOUND) return call->fail_storage(found, "user");
            storage::User user{user_id.value_or(util::IdGenerator::make("u_")), username, display_name.value_or(username),
                               hash, util::now_ms(), 0};
            ctx_.storage.user_create(user, [call, user](storage::StorageResult<storage::Unit> created) {
                if (created.status == SB_ERR_CONFLICT)
                    return call->fail(ErrorCode::conflict, "user_id '" + user.user_id + "' or username '" +
                                                               user.username + "' is taken");
                if (!created.ok()) return call->fail_storage(created, "user");
                call->ok(user_view(user, true));
            });
        });
    };
    if (password) return auth_.hash_password(*password, [call, store](std::string hash) { guarded(call, [&] { store(hash); }); });
    store("");
}

void ServerApiService::create_token(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"user_id", "device_id"});
    std::string user_id = f.string("user_id", 128);
    std::string device_id = f.optional_string("device_id", 128).value_or("");
    with_user(call, user_id, "data.user_id", [this, call, user_id, device_id] { auth_.issue(call, user_id, device_id); });
}

void ServerApiService::create_conversation(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"created_by", "type", "members", "title"});
    std::string created_by = f.string("created_by", 128);
    json data = call->data();
    data.erase("created_by");
    with_user(call, created_by, "data.created_by", [this, call, created_by, data] {
        dispatcher_.dispatch(call->as_user(created_by, "conversation.create", data));
    });
}

void ServerApiService::list_conversations(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"user_id"});
    std::string user_id = f.string("user_id", 128);
    with_user(call, user_id, "data.user_id", [this, call, user_id] {
        dispatcher_.dispatch(call->as_user(user_id, "conversation.list", json::object()));
    });
}

void ServerApiService::send_message(const CallPtr& call) {
    auto f = call->fields();
    auto sender_id = f.optional_string("sender_id", 128);
    json data = call->data();
    data.erase("sender_id");
    if (sender_id) return dispatcher_.dispatch(call->as_user(*sender_id, "message.send", data));
    if (f.value("attachments"))
        throw ProtocolError(ErrorCode::bad_request,
                            "data.attachments: a system message carries none; give sender_id to send as the uploader");
    messages_.send_as_system(call);
}

}  // namespace switchboard::chat
