// Conformance (ABI 1.1, plugins with the attachment operations): records,
// who may read one, links made atomically with message_append and returned
// with every message, unlinked by deletion; and system messages (no sender).
#include "storage_conformance.hpp"

namespace switchboard::conformance::storage {
namespace {

using sdk::storage::Attachment;
using sdk::storage::Message;

class AttachmentConformance : public StorageConformance {
protected:
    void SetUp() override {
        StorageConformance::SetUp();
        if (!storage().has_attachments()) GTEST_SKIP() << "this storage plugin has no attachment operations";
    }

    static Attachment attachment(const std::string& id, const std::string& uploader) {
        return Attachment{id,    uploader, "image/png", id + ".png", 1234, std::string(64, 'a'), 640, 480,
                          true, 1000};
    }
    Message with_attachments(Message m, const std::vector<std::string>& ids) {
        for (const auto& id : ids) m.attachments.push_back(Attachment{id, "", "", "", 0, "", 0, 0, false, 0});
        return m;
    }
};

TEST_F(AttachmentConformance, CreateGetAndConflict) {
    Attachment a = attachment("a1", "alice");
    a.filename = "";  // optional
    a.width = a.height = 0;
    a.has_thumbnail = false;
    ASSERT_TRUE(succeeded(storage().attachment_create(a)));
    auto got = storage().attachment_get("a1", "");
    ASSERT_TRUE(succeeded(got));
    EXPECT_EQ(got.value, a);
    EXPECT_TRUE(failed_with(storage().attachment_create(attachment("a1", "bob")), SB_ERR_CONFLICT));
    EXPECT_EQ(storage().attachment_get("a1", "").value.uploader_id, "alice");
    EXPECT_TRUE(failed_with(storage().attachment_get("nope", ""), SB_ERR_NOT_FOUND));
    EXPECT_TRUE(failed_with(storage().attachment_get("nope", "alice"), SB_ERR_NOT_FOUND));
}

TEST_F(AttachmentConformance, ReadableByTheUploaderAndMembersOfConversationsWhereItWasSent) {
    ASSERT_TRUE(succeeded(storage().attachment_create(attachment("a1", "alice"))));
    create(group("g1", {"alice", "bob"}));
    create(group("g2", {"alice", "carol"}));
    EXPECT_TRUE(succeeded(storage().attachment_get("a1", "alice")));
    EXPECT_TRUE(failed_with(storage().attachment_get("a1", "bob"), SB_ERR_FORBIDDEN));

    ASSERT_TRUE(succeeded(storage().message_append(with_attachments(message("g1", "alice", "c1", "look", 2000), {"a1"}))));
    EXPECT_TRUE(succeeded(storage().attachment_get("a1", "bob")));
    EXPECT_TRUE(failed_with(storage().attachment_get("a1", "carol"), SB_ERR_FORBIDDEN));
    EXPECT_TRUE(failed_with(storage().attachment_get("a1", "dave"), SB_ERR_FORBIDDEN));

    // Membership counts now, not when it was sent.
    ASSERT_TRUE(succeeded(storage().members_upsert("g1", {sdk::storage::Member{"dave", "member", 3000, 0, 0}})));
    EXPECT_TRUE(succeeded(storage().attachment_get("a1", "dave")));
    ASSERT_TRUE(succeeded(storage().member_remove("g1", "bob")));
    EXPECT_TRUE(failed_with(storage().attachment_get("a1", "bob"), SB_ERR_FORBIDDEN));
}

TEST_F(AttachmentConformance, MessagesCarryTheirAttachmentsInOrder) {
    ASSERT_TRUE(succeeded(storage().attachment_create(attachment("a1", "alice"))));
    ASSERT_TRUE(succeeded(storage().attachment_create(attachment("a2", "alice"))));
    create(group("g1", {"alice", "bob"}));
    ASSERT_TRUE(succeeded(storage().message_append(message("g1", "alice", "c0", "plain", 1999))));
    auto appended = storage().message_append(with_attachments(message("g1", "alice", "c1", "two", 2000), {"a2", "a1"}));
    ASSERT_TRUE(succeeded(appended));
    const std::vector<Attachment> expected{attachment("a2", "alice"), attachment("a1", "alice")};
    EXPECT_EQ(appended.value.message.attachments, expected);

    auto got = storage().message_get("g1", 2);
    ASSERT_TRUE(succeeded(got));
    EXPECT_EQ(got.value.attachments, expected);
    auto history = storage().message_history("g1", 0, 0, 10);
    ASSERT_TRUE(succeeded(history));
    ASSERT_EQ(history.value.size(), 2u);
    EXPECT_TRUE(history.value[0].attachments.empty());
    EXPECT_EQ(history.value[1].attachments, expected);
    auto list = storage().conversation_list("bob");
    ASSERT_TRUE(succeeded(list));
    ASSERT_EQ(list.value.size(), 1u);
    ASSERT_TRUE(list.value[0].last_message.has_value());
    EXPECT_EQ(list.value[0].last_message->attachments, expected);
    auto edited = storage().message_edit("g1", 2, "two, edited", std::nullopt, 3000);
    ASSERT_TRUE(succeeded(edited));
    EXPECT_EQ(edited.value.attachments, expected);

    // A resent client_msg_id returns the original with its attachments and links nothing new.
    auto again = storage().message_append(with_attachments(message("g1", "alice", "c1", "two", 2000), {"a1"}));
    ASSERT_TRUE(succeeded(again));
    EXPECT_TRUE(again.value.duplicate);
    EXPECT_EQ(again.value.message.attachments, expected);
}

TEST_F(AttachmentConformance, AnUnknownAttachmentFailsTheAppendAndStoresNothing) {
    ASSERT_TRUE(succeeded(storage().attachment_create(attachment("a1", "alice"))));
    create(group("g1", {"alice", "bob"}));
    EXPECT_TRUE(failed_with(
        storage().message_append(with_attachments(message("g1", "alice", "c1", "x", 2000), {"a1", "missing"})),
        SB_ERR_NOT_FOUND));
    EXPECT_EQ(storage().conversation_get("g1").value.last_seq, 0u);
    EXPECT_TRUE(failed_with(storage().attachment_get("a1", "bob"), SB_ERR_FORBIDDEN));
    // The next message takes seq 1: no gap.
    EXPECT_EQ(append("g1", "alice", "after", 2001), 1u);
}

TEST_F(AttachmentConformance, DeletingAMessageUnlinksItsAttachments) {
    ASSERT_TRUE(succeeded(storage().attachment_create(attachment("a1", "alice"))));
    create(group("g1", {"alice", "bob"}));
    ASSERT_TRUE(succeeded(storage().message_append(with_attachments(message("g1", "alice", "c1", "x", 2000), {"a1"}))));
    ASSERT_TRUE(succeeded(storage().attachment_get("a1", "bob")));
    auto deleted = storage().message_delete("g1", 1, 3000);
    ASSERT_TRUE(succeeded(deleted));
    EXPECT_TRUE(deleted.value.attachments.empty());
    EXPECT_TRUE(storage().message_get("g1", 1).value.attachments.empty());
    EXPECT_TRUE(failed_with(storage().attachment_get("a1", "bob"), SB_ERR_FORBIDDEN));
    EXPECT_TRUE(succeeded(storage().attachment_get("a1", "alice")));
}

TEST_F(AttachmentConformance, AttachmentsSurviveARestart) {
    ASSERT_TRUE(succeeded(storage().attachment_create(attachment("a1", "alice"))));
    create(group("g1", {"alice", "bob"}));
    ASSERT_TRUE(succeeded(storage().message_append(with_attachments(message("g1", "alice", "c1", "x", 2000), {"a1"}))));
    restart();
    EXPECT_EQ(storage().attachment_get("a1", "bob").value, attachment("a1", "alice"));
    EXPECT_EQ(storage().message_get("g1", 1).value.attachments, std::vector<Attachment>{attachment("a1", "alice")});
}

// The server API posts system messages: no sender, any number of them, idempotent by client_msg_id.
TEST_F(StorageConformance, SystemMessagesHaveNoSender) {
    create(group("g1", {"alice", "bob"}));
    auto first = storage().message_append(message("g1", "", "sys-1", "Welcome!", 2000));
    ASSERT_TRUE(succeeded(first));
    EXPECT_EQ(first.value.message.sender_id, "");
    EXPECT_EQ(first.value.message.seq, 1u);
    auto again = storage().message_append(message("g1", "", "sys-1", "Welcome!", 2000));
    ASSERT_TRUE(succeeded(again));
    EXPECT_TRUE(again.value.duplicate);
    auto list = storage().conversation_list("bob");
    ASSERT_TRUE(succeeded(list));
    EXPECT_EQ(list.value[0].unread, 1u);  // sent by someone other than bob
}

}  // namespace
}  // namespace switchboard::conformance::storage
