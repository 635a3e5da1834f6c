#include "switchboard/chat/json_views.hpp"

#include <gtest/gtest.h>

namespace switchboard::chat {
namespace {

using nlohmann::json;

TEST(JsonViewsTest, AMessageCarriesEveryFieldItHas) {
    storage::Message m;
    m.conversation_id = "c_1";
    m.message_id = "m_1";
    m.seq = 7;
    m.sender_id = "u_1";
    m.client_msg_id = "k\"1";
    m.body = "hello\nworld";
    m.extra_json = R"({"kind":"poll","options":[1,2]})";
    m.reply_to_seq = 3;
    m.sent_at = 1700000000000;
    m.edited_at = 1700000000500;
    m.reactions.push_back({"u_2", "👍"});
    storage::Attachment a;
    a.attachment_id = "a_1";
    a.content_type = "image/png";
    a.size = 10;
    a.sha256 = "ab";
    a.width = 2;
    a.height = 3;
    m.attachments.push_back(a);

    json view = json::parse(message_text(m));
    EXPECT_EQ(view, json::parse(R"({
        "conversation_id": "c_1", "message_id": "m_1", "seq": 7, "sender_id": "u_1", "client_msg_id": "k\"1",
        "body": "hello\nworld", "extra": {"kind": "poll", "options": [1, 2]}, "reply_to_seq": 3,
        "sent_at": 1700000000000, "edited_at": 1700000000500,
        "reactions": [{"user_id": "u_2", "emoji": "👍"}],
        "attachments": [{"attachment_id": "a_1", "content_type": "image/png", "size": 10, "sha256": "ab",
                         "has_thumbnail": false, "width": 2, "height": 3}]
    })"));
}

TEST(JsonViewsTest, AMinimalMessageLeavesOptionalFieldsOut) {
    storage::Message m;
    m.conversation_id = "c_1";
    m.message_id = "m_2";
    m.seq = 1;
    m.body = "from the system";
    m.sent_at = 5;
    json view = json::parse(message_text(m));
    EXPECT_EQ(view, json::parse(R"({"conversation_id": "c_1", "message_id": "m_2", "seq": 1,
                                    "body": "from the system", "sent_at": 5, "system": true})"));
}

TEST(JsonViewsTest, MessagesWriteIntoALargerDocument) {
    storage::Message m;
    m.conversation_id = "c";
    m.message_id = "m";
    m.seq = 1;
    m.sender_id = "u";
    protocol::JsonWriter w;
    w.begin_object().key("messages").begin_array();
    write_message(w, m);
    write_message(w, m);
    w.end_array().end_object();
    json doc = json::parse(w.text());
    ASSERT_EQ(doc["messages"].size(), 2u);
    EXPECT_EQ(doc["messages"][1]["sender_id"], "u");
}

}  // namespace
}  // namespace switchboard::chat
