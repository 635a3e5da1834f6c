#pragma once

// The kernel's owned copies of the storage ABI's records (sdk storage.h), so
// results can outlive the plugin's callback and travel between threads.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace switchboard::storage {

struct User {
    std::string user_id;
    std::string username;
    std::string display_name;
    std::string password_hash;
    int64_t created_at = 0;
    int64_t last_seen_at = 0;
};

struct RefreshToken {
    std::string token_hash;
    std::string user_id;
    std::string device_id;
    int64_t created_at = 0;
    int64_t expires_at = 0;
};

struct Device {
    std::string user_id;
    std::string device_id;
    std::string provider;
    std::string token;
    std::string extra_json;
    int64_t updated_at = 0;
};

struct Member {
    std::string user_id;
    std::string role;
    int64_t joined_at = 0;
    uint64_t delivered_seq = 0;
    uint64_t read_seq = 0;
};

struct Reaction {
    std::string user_id;
    std::string emoji;
    int64_t created_at = 0;
};

struct Attachment {
    std::string attachment_id;
    std::string uploader_id;
    std::string content_type;
    std::string filename;
    uint64_t size = 0;
    std::string sha256;
    uint32_t width = 0;
    uint32_t height = 0;
    bool has_thumbnail = false;
    int64_t created_at = 0;
};

struct Message {
    std::string conversation_id;
    std::string message_id;
    uint64_t seq = 0;
    std::string sender_id;
    std::string client_msg_id;
    std::string body;
    std::string extra_json;
    uint64_t reply_to_seq = 0;
    int64_t sent_at = 0;
    int64_t edited_at = 0;
    int64_t deleted_at = 0;
    std::vector<Reaction> reactions;
    std::vector<Attachment> attachments;
};

struct Conversation {
    std::string conversation_id;
    std::string type;
    std::string title;
    std::string created_by;
    int64_t created_at = 0;
    uint64_t last_seq = 0;
    std::vector<Member> members;
};

struct ConversationSummary {
    Conversation conversation;
    uint64_t delivered_seq = 0;
    uint64_t read_seq = 0;
    uint64_t unread = 0;
    std::optional<Message> last_message;
};

struct AppendResult {
    Message message;
    bool duplicate = false;
};

struct ReceiptState {
    uint64_t delivered_seq = 0;
    uint64_t read_seq = 0;
    bool changed = false;
};

struct Report {
    std::string report_id;
    std::string reporter_id;
    std::string target_user_id;
    std::string conversation_id;
    uint64_t seq = 0;
    std::string reason;
    int64_t created_at = 0;
};

// One row of the call history (ABI 1.2); outcome empty while unfinished.
struct CallRecord {
    std::string call_id;
    std::string conversation_id;
    std::string caller_id;
    std::string callee_id;
    std::string media;
    std::string outcome;
    std::string end_reason;
    int64_t started_at = 0;
    int64_t answered_at = 0;
    int64_t ended_at = 0;
};

// A pending push notification (ABI 1.2; sb_outbox_entry).
struct OutboxEntry {
    std::string entry_id;
    std::string user_id;
    std::string device_id;
    uint32_t category = 0;
    std::string conversation_id;
    uint64_t seq = 0;
    std::string call_id;
    std::string payload_json;
    int64_t due_at = 0;
    uint32_t attempts = 0;
    int64_t created_at = 0;
};

// A user's notification level for one conversation (ABI 1.2; sb_notify_setting).
struct NotifySetting {
    std::string user_id;
    std::string conversation_id;
    std::string level;
    int64_t muted_until = 0;
};

struct Unit {};

}  // namespace switchboard::storage
