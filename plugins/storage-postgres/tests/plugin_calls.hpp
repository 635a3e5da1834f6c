#pragma once

#include <deque>
#include <string>

#include "completion.hpp"
#include "switchboard/sdk/testing/test_host.hpp"

namespace switchboard::plugins::storage_postgres::testing {

// A few storage calls through the plugin's C ABI, as the server makes them,
// for tests that look at the plugin rather than at the storage contract
// (tests/conformance/storage covers that).
class PluginCalls {
public:
    explicit PluginCalls(sdk::testing::TestHost& host)
        : host_(host), storage_(host.vtable<sb_storage_vtable>()) {}

    // Queues user_create; returns the call's Completion (rejected calls: 0 completions, see `rejected`).
    Completion& user_create_async(const std::string& user_id, const std::string& username) {
        sb_user user{};
        user.struct_size = sizeof(user);
        user.user_id = sdk::to_sb(user_id);
        user.username = sdk::to_sb(username);
        user.display_name = sdk::to_sb(username);
        user.created_at = 1000;
        Completion& completion = completions_.emplace_back();
        rejected = storage_->user_create(host_.instance(), &user, &Completion::callback, &completion);
        return completion;
    }
    // The status user_create completed with (or was rejected with), and its message.
    std::pair<sb_status, std::string> user_create(const std::string& user_id, const std::string& username) {
        return finish(user_create_async(user_id, username));
    }
    std::pair<sb_status, std::string> user_get(const std::string& user_id) {
        sb_key_request req{sizeof(req), sdk::to_sb(user_id)};
        Completion& completion = completions_.emplace_back();
        rejected = storage_->user_get(host_.instance(), &req, &Completion::callback, &completion);
        return finish(completion);
    }

    sb_status rejected = SB_OK;  // the last call's return value

private:
    std::pair<sb_status, std::string> finish(Completion& completion) {
        if (rejected != SB_OK) return {rejected, "rejected"};
        if (!completion.wait()) return {SB_ERR_INTERNAL, "no completion within 10 s"};
        return {completion.status(), completion.message()};
    }

    sdk::testing::TestHost& host_;
    const sb_storage_vtable* storage_;
    std::deque<Completion> completions_;  // stable addresses: they are the calls' done_ctx
};

}  // namespace switchboard::plugins::storage_postgres::testing
