#include "switchboard/chat/user_service.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

#include "switchboard/chat/json_views.hpp"
#include "switchboard/chat/presence_service.hpp"
#include "switchboard/protocol/protocol_error.hpp"
#include "switchboard/util/clock.hpp"
#include "switchboard/util/id_generator.hpp"

namespace switchboard::chat {

using nlohmann::json;
using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

constexpr size_t kMaxGetIds = 100;
constexpr size_t kMaxNameBytes = 64;
constexpr size_t kMaxQueryBytes = 64;
constexpr uint64_t kDefaultSearchLimit = 20;
constexpr uint64_t kMaxSearchLimit = 50;
constexpr size_t kMaxReasonBytes = 1000;

// What a user sees of their own account.
json own_user_json(const storage::User& user) {
    json out = user_json(user);
    out["created_at"] = user.created_at;
    return out;
}

bool has_control_character(const std::string& text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte == 0x7f;
    });
}

}  // namespace

void UserService::register_ops(Dispatcher& d) {
    using A = Dispatcher::Access;
    d.add("user.me", A::authenticated, [this](const CallPtr& c) { me(c); });
    d.add("user.get", A::authenticated, [this](const CallPtr& c) { get(c); });
    d.add("user.update", A::authenticated, [this](const CallPtr& c) { update(c); });
    d.add("user.search", A::authenticated, [this](const CallPtr& c) { search(c); });
    d.add("user.block", A::authenticated, [this](const CallPtr& c) { block(c, true); });
    d.add("user.unblock", A::authenticated, [this](const CallPtr& c) { block(c, false); });
    d.add("user.blocked", A::authenticated, [this](const CallPtr& c) { blocked(c); });
    d.add("user.report", A::authenticated, [this](const CallPtr& c) { report(c); });
}

void UserService::me(const CallPtr& call) {
    call->fields().allow_only({});
    ctx_.storage.user_get(call->user_id(), [call](storage::StorageResult<storage::User> r) {
        if (!r.ok()) return call->fail_storage(r, "user");
        call->ok(own_user_json(r.value));
    });
}

void UserService::get(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"user_ids"});
    std::vector<std::string> ids = f.string_list("user_ids", kMaxGetIds);
    if (ids.empty()) return call->ok(json{{"users", json::array()}});

    // One read per id; the answer keeps the order asked for and leaves unknown ids out.
    struct Gather {
        std::vector<std::optional<storage::User>> found;
        size_t pending = 0;
        std::optional<storage::StorageResult<storage::User>> failure;
    };
    auto gather = std::make_shared<Gather>();
    gather->found.resize(ids.size());
    gather->pending = ids.size();
    for (size_t i = 0; i < ids.size(); ++i) {
        ctx_.storage.user_get(ids[i], [call, gather, i](storage::StorageResult<storage::User> r) {
            if (r.ok()) gather->found[i] = std::move(r.value);
            else if (r.status != SB_ERR_NOT_FOUND && !gather->failure) gather->failure = std::move(r);
            if (--gather->pending > 0) return;
            if (gather->failure) return call->fail_storage(*gather->failure, "user");
            json users = json::array();
            for (const auto& user : gather->found)
                if (user) users.push_back(user_json(*user));
            call->ok(json{{"users", std::move(users)}});
        });
    }
}

void UserService::update(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"display_name"});
    std::string display_name = f.string("display_name", kMaxNameBytes);
    if (has_control_character(display_name))
        throw ProtocolError(ErrorCode::bad_request, "data.display_name: must not contain control characters");
    ctx_.storage.user_update(call->user_id(), &display_name, nullptr, [call](storage::StorageResult<storage::User> r) {
        if (!r.ok()) return call->fail_storage(r, "user");
        call->ok(own_user_json(r.value));
    });
}

void UserService::search(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"query", "limit"});
    std::string query = f.string("query", kMaxQueryBytes);
    uint64_t limit = f.optional_uint("limit").value_or(kDefaultSearchLimit);
    if (limit < 1 || limit > kMaxSearchLimit)
        throw ProtocolError(ErrorCode::bad_request,
                            "data.limit: must be between 1 and " + std::to_string(kMaxSearchLimit));
    // One more than asked, since the caller may be among the matches.
    ctx_.storage.user_search(
        query, static_cast<uint32_t>(limit + 1), [this, call, limit](storage::StorageResult<std::vector<storage::User>> r) {
            if (!r.ok()) return call->fail_storage(r, "user");
            struct Filter {
                std::vector<storage::User> candidates;
                std::vector<char> keep;
                size_t pending = 1;  // released after the loop, so synchronous answers cannot finish early
            };
            auto filter = std::make_shared<Filter>();
            for (auto& user : r.value)
                if (user.user_id != call->user_id()) filter->candidates.push_back(std::move(user));
            filter->keep.assign(filter->candidates.size(), 0);

            auto finish_one = [call, filter, limit] {
                if (--filter->pending > 0) return;
                json users = json::array();
                for (size_t i = 0; i < filter->candidates.size() && users.size() < limit; ++i)
                    if (filter->keep[i]) users.push_back(user_json(filter->candidates[i]));
                call->ok(json{{"users", std::move(users)}});
            };
            filter->pending += filter->candidates.size();
            for (size_t i = 0; i < filter->candidates.size(); ++i) {
                ctx_.blocks.blocked_by(filter->candidates[i].user_id,
                                       [call, filter, finish_one, i](const std::unordered_set<std::string>& blocked) {
                                           filter->keep[i] = blocked.count(call->user_id()) == 0;
                                           finish_one();
                                       });
            }
            finish_one();
        });
}

void UserService::block(const CallPtr& call, bool blocked) {
    auto f = call->fields();
    f.allow_only({"user_id"});
    std::string target = f.string("user_id");
    if (target == call->user_id())
        throw ProtocolError(ErrorCode::bad_request,
                            std::string("data.user_id: you cannot ") + (blocked ? "block" : "unblock") + " yourself");
    ctx_.storage.user_get(target, [this, call, target, blocked](storage::StorageResult<storage::User> found) {
        if (!found.ok()) return call->fail_storage(found, "user");
        ctx_.storage.block_set(call->user_id(), target, blocked, util::now_ms(),
                               [this, call, target, blocked](storage::StorageResult<storage::Unit> r) {
                                   if (!r.ok()) return call->fail_storage(r, "user");
                                   ctx_.blocks.set(call->user_id(), target, blocked);
                                   if (blocked) presence_.on_block(call->user_id(), target);
                                   call->ok();
                               });
    });
}

void UserService::blocked(const CallPtr& call) {
    call->fields().allow_only({});
    // Straight from storage rather than the block cache, which reads a failure as "nobody".
    ctx_.storage.block_list(call->user_id(), [call](storage::StorageResult<std::vector<std::string>> r) {
        if (!r.ok()) return call->fail_storage(r, "user");
        std::sort(r.value.begin(), r.value.end());
        call->ok(json{{"user_ids", r.value}});
    });
}

void UserService::report(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"user_id", "conversation_id", "seq", "reason"});
    storage::Report report;
    report.reporter_id = call->user_id();
    report.target_user_id = f.optional_string("user_id").value_or("");
    report.conversation_id = f.optional_string("conversation_id").value_or("");
    report.seq = f.optional_uint("seq").value_or(0);
    report.reason = f.string("reason", kMaxReasonBytes);
    if (report.target_user_id.empty() && report.conversation_id.empty())
        throw ProtocolError(ErrorCode::bad_request, "data: give user_id or conversation_id (or both)");
    if (report.seq && report.conversation_id.empty())
        throw ProtocolError(ErrorCode::bad_request, "data.seq: needs conversation_id");
    if (report.target_user_id == call->user_id())
        throw ProtocolError(ErrorCode::bad_request, "data.user_id: you cannot report yourself");
    if (report.conversation_id.empty()) return store_report(call, std::move(report));

    std::string conversation_id = report.conversation_id;
    ctx_.with_membership(call, conversation_id, [this, call, report = std::move(report)](CachedConversation& c) {
        if (report.seq > c.conversation.last_seq)
            return call->fail(ErrorCode::bad_request, "data.seq: no such message");
        store_report(call, report);
    });
}

void UserService::store_report(const CallPtr& call, storage::Report report) {
    report.report_id = util::IdGenerator::make("r_");
    report.created_at = util::now_ms();
    auto store = [this, call](const storage::Report& report) {
        ctx_.storage.report_create(report, [call, id = report.report_id](storage::StorageResult<storage::Unit> r) {
            if (!r.ok()) return call->fail_storage(r, "report");
            call->ok(json{{"report_id", id}});
        });
    };
    if (report.target_user_id.empty()) return store(report);
    std::string target = report.target_user_id;
    ctx_.storage.user_get(target, [call, store, report = std::move(report)](storage::StorageResult<storage::User> r) {
        if (!r.ok()) return call->fail_storage(r, "user");
        store(report);
    });
}

}  // namespace switchboard::chat
