#include "storage_conformance.hpp"

namespace switchboard::conformance::storage {

using sdk::storage::Conversation;
using sdk::storage::Member;
using sdk::storage::Message;
using sdk::storage::User;

void StorageConformance::SetUp() {
    std::string problem;
    backend_ = StorageBackend::from_environment(&problem);
    ASSERT_NE(backend_, nullptr) << problem;
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    ASSERT_NO_THROW(backend_->prepare(std::string(info->test_suite_name()) + "_" + info->name()));
    ASSERT_NO_THROW(start());
}

void StorageConformance::TearDown() {
    if (host_) stop();
    if (backend_) {
        EXPECT_NO_THROW(backend_->cleanup());
    }
}

void StorageConformance::start() {
    host_ = backend_->start();
    client_ = std::make_unique<StorageClient>(host_->vtable<sb_storage_vtable>(), host_->instance());
}

void StorageConformance::stop() {
    host_->stop_and_destroy();
    host_.reset();
    EXPECT_TRUE(client_->every_done_called_once());
    retired_clients_.push_back(std::move(client_));
}

void StorageConformance::restart() {
    stop();
    ASSERT_NO_THROW(start());
}

User StorageConformance::user(const std::string& id) {
    return User{id, "name." + id, "Name " + id, "$argon2id$hash-of-" + id, 1000, 0};
}

Conversation StorageConformance::group(const std::string& id, const std::vector<std::string>& members,
                                       int64_t created_at) {
    Conversation conversation{id, "group", "Group " + id, members.empty() ? "" : members.front(), created_at, 0, {}};
    for (size_t i = 0; i < members.size(); ++i)
        conversation.members.push_back(Member{members[i], i == 0 ? "owner" : "member", created_at, 0, 0});
    return conversation;
}

Conversation StorageConformance::direct(const std::string& id, const std::string& a, const std::string& b,
                                        int64_t created_at) {
    return Conversation{id,
                        "direct",
                        "",
                        a,
                        created_at,
                        0,
                        {Member{a, "member", created_at, 0, 0}, Member{b, "member", created_at, 0, 0}}};
}

Message StorageConformance::message(const std::string& conversation_id, const std::string& sender_id,
                                    const std::string& client_msg_id, const std::string& body, int64_t sent_at) {
    Message m;
    m.conversation_id = conversation_id;
    m.message_id = "msg-" + conversation_id + "-" + sender_id + "-" + client_msg_id;
    m.sender_id = sender_id;
    m.client_msg_id = client_msg_id;
    m.body = body;
    m.sent_at = sent_at;
    return m;
}

Conversation StorageConformance::create(const Conversation& conversation, const std::string& direct_key) {
    auto created = storage().conversation_create(conversation, direct_key);
    EXPECT_TRUE(succeeded(created));
    return created.value;
}

uint64_t StorageConformance::append(const std::string& conversation_id, const std::string& sender_id,
                                    const std::string& body, int64_t sent_at) {
    auto appended = storage().message_append(
        message(conversation_id, sender_id, "auto-" + std::to_string(next_client_msg_id_++), body, sent_at));
    EXPECT_TRUE(succeeded(appended));
    EXPECT_FALSE(appended.value.duplicate);
    return appended.value.message.seq;
}

}  // namespace switchboard::conformance::storage
