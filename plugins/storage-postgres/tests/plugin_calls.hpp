#pragma once

#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "switchboard/sdk/testing/storage_completion.hpp"
#include "switchboard/sdk/testing/test_host.hpp"

namespace switchboard::plugins::storage_postgres::testing {

// A few storage calls through the plugin's C ABI, as the server makes them,
// for tests that look at the plugin rather than at the storage contract
// (tests/conformance/storage covers that).
class PluginCalls {
public:
    explicit PluginCalls(sdk::testing::TestHost& host)
        : host_(host), storage_(host.vtable<sb_storage_vtable>()) {}

    // Queues user_create; returns the call's StorageCompletion (rejected calls: 0 completions, see `rejected`).
    sdk::testing::StorageCompletion& user_create_async(const std::string& user_id, const std::string& username) {
        sb_user user{};
        user.struct_size = sizeof(user);
        user.user_id = sdk::to_sb(user_id);
        user.username = sdk::to_sb(username);
        user.display_name = sdk::to_sb(username);
        user.created_at = 1000;
        sdk::testing::StorageCompletion& completion = completions_.emplace_back();
        rejected = storage_->user_create(host_.instance(), &user, &sdk::testing::StorageCompletion::callback, &completion);
        return completion;
    }
    // The status user_create completed with (or was rejected with), and its message.
    std::pair<sb_status, std::string> user_create(const std::string& user_id, const std::string& username) {
        return finish(user_create_async(user_id, username));
    }
    std::pair<sb_status, std::string> user_get(const std::string& user_id) {
        sb_key_request req{sizeof(req), sdk::to_sb(user_id)};
        sdk::testing::StorageCompletion& completion = completions_.emplace_back();
        rejected = storage_->user_get(host_.instance(), &req, &sdk::testing::StorageCompletion::callback, &completion);
        return finish(completion);
    }

    // A group conversation of `members`, created synchronously.
    std::pair<sb_status, std::string> group_create(const std::string& conversation_id,
                                                   const std::vector<std::string>& members) {
        std::vector<sb_member> records;
        for (const auto& member : members) {
            sb_member m{};
            m.struct_size = sizeof(m);
            m.user_id = sdk::to_sb(member);
            m.role = sdk::to_sb(records.empty() ? "owner" : "member");
            m.joined_at = 1000;
            records.push_back(m);
        }
        sb_conversation conversation{};
        conversation.struct_size = sizeof(conversation);
        conversation.conversation_id = sdk::to_sb(conversation_id);
        conversation.type = sdk::to_sb("group");
        conversation.created_by = sdk::to_sb(members.front());
        conversation.created_at = 1000;
        conversation.members = records.data();
        conversation.member_count = records.size();
        sb_conversation_create_request req{sizeof(req), &conversation, sdk::to_sb("")};
        sdk::testing::StorageCompletion& completion = completions_.emplace_back();
        rejected = storage_->conversation_create(host_.instance(), &req, &sdk::testing::StorageCompletion::callback, &completion);
        return finish(completion);
    }

    // The outcome of one message_append.
    struct Appended {
        sdk::testing::StorageCompletion completion;
        uint64_t seq = 0;
        bool duplicate = false;
        std::string body;
    };
    // Queues message_append; the Appended fills in when it completes.
    Appended& message_append_async(const std::string& conversation_id, const std::string& sender_id,
                                   const std::string& client_msg_id, const std::string& body) {
        sb_message message{};
        message.struct_size = sizeof(message);
        message.conversation_id = sdk::to_sb(conversation_id);
        std::string message_id = "m-" + conversation_id + "-" + sender_id + "-" + client_msg_id + "-" + body;
        message.message_id = sdk::to_sb(message_id);
        message.sender_id = sdk::to_sb(sender_id);
        message.client_msg_id = sdk::to_sb(client_msg_id);
        message.body = sdk::to_sb(body);
        message.sent_at = 2000;
        sb_message_append_request req{sizeof(req), &message, nullptr, 0};
        Appended& appended = appends_.emplace_back();
        auto on_done = [](void* ctx, sb_status status, const char* error, const void* result) {
            auto* a = static_cast<Appended*>(ctx);
            if (status == SB_OK) {
                auto* r = static_cast<const sb_message_append_result*>(result);
                a->seq = r->message->seq;
                a->duplicate = r->duplicate != 0;
                a->body = sdk::to_view(r->message->body);
            }
            sdk::testing::StorageCompletion::callback(&a->completion, status, error, result);
        };
        rejected = storage_->message_append(host_.instance(), &req, on_done, &appended);
        return appended;
    }

    sb_status rejected = SB_OK;  // the last call's return value

private:
    std::pair<sb_status, std::string> finish(sdk::testing::StorageCompletion& completion) {
        if (rejected != SB_OK) return {rejected, "rejected"};
        if (!completion.wait()) return {SB_ERR_INTERNAL, "no completion within 10 s"};
        return {completion.status(), completion.message()};
    }

    sdk::testing::TestHost& host_;
    const sb_storage_vtable* storage_;
    std::deque<sdk::testing::StorageCompletion> completions_;  // stable addresses: they are the calls' done_ctx
    std::deque<Appended> appends_;
};

}  // namespace switchboard::plugins::storage_postgres::testing
