#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "switchboard/protocol/json_writer.hpp"

#include "switchboard/storage/records.hpp"

namespace switchboard::chat {

// The wire shapes of records (docs/protocol.md). Optional fields are left out
// when empty/zero so frames stay small.
nlohmann::json attachment_json(const storage::Attachment& attachment);
// Messages are written as text: message.new is the hottest event.
void write_message(protocol::JsonWriter& writer, const storage::Message& message);
std::string message_text(const storage::Message& message);
nlohmann::json member_json(const storage::Member& member);
nlohmann::json conversation_json(const storage::Conversation& conversation);
nlohmann::json summary_json(const storage::ConversationSummary& summary);
nlohmann::json user_json(const storage::User& user);

}  // namespace switchboard::chat
