#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "storage_backend.hpp"
#include "storage_client.hpp"
#include "switchboard/sdk/storage/conversation.hpp"
#include "switchboard/sdk/storage/message.hpp"
#include "switchboard/sdk/storage/user.hpp"
#include "switchboard/sdk/testing/test_host.hpp"

namespace switchboard::conformance::storage {

// The fixture of the storage conformance suite: every test gets a started
// plugin on a fresh database, and at its end (and at every restart) the
// check that each accepted call's done ran exactly once.
class StorageConformance : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    StorageClient& storage() { return *client_; }
    sdk::testing::TestHost& host() { return *host_; }

    // A started plugin instance on this test's database (SetUp calls it).
    void start();
    // Stops the plugin (completing what is queued), destroys it and checks
    // that every accepted call completed exactly once.
    void stop();
    // stop() then start(): a new instance on the same database.
    void restart();

    // ---- test data
    static sdk::storage::User user(const std::string& id);
    static sdk::storage::Conversation group(const std::string& id, const std::vector<std::string>& members,
                                       int64_t created_at = 1000);
    static sdk::storage::Conversation direct(const std::string& id, const std::string& a, const std::string& b,
                                        int64_t created_at = 1000);
    static sdk::storage::Message message(const std::string& conversation_id, const std::string& sender_id,
                                    const std::string& client_msg_id, const std::string& body, int64_t sent_at);
    // Creates the conversation; fails the test if that fails.
    sdk::storage::Conversation create(const sdk::storage::Conversation& conversation, const std::string& direct_key = "");
    // Appends with a fresh client_msg_id and returns the seq (0 on failure).
    uint64_t append(const std::string& conversation_id, const std::string& sender_id, const std::string& body,
                    int64_t sent_at);

private:
    std::unique_ptr<StorageBackend> backend_;
    std::unique_ptr<sdk::testing::TestHost> host_;
    std::unique_ptr<StorageClient> client_;
    std::vector<std::unique_ptr<StorageClient>> retired_clients_;  // done_ctx of their calls stays valid
    uint64_t next_client_msg_id_ = 1;
};

}  // namespace switchboard::conformance::storage
