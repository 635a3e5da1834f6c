#pragma once

// The kernel's owned copies of the storage ABI's records (sdk storage.h), so
// results can outlive the plugin's callback and travel between threads: the
// SDK storage kit's records, which storage plugins use too, and the results
// only the kernel reads.

#include <cstdint>

#include "switchboard/sdk/storage/attachment.hpp"
#include "switchboard/sdk/storage/call_record.hpp"
#include "switchboard/sdk/storage/conversation.hpp"
#include "switchboard/sdk/storage/conversation_summary.hpp"
#include "switchboard/sdk/storage/device.hpp"
#include "switchboard/sdk/storage/member.hpp"
#include "switchboard/sdk/storage/message.hpp"
#include "switchboard/sdk/storage/notify_setting.hpp"
#include "switchboard/sdk/storage/outbox_entry.hpp"
#include "switchboard/sdk/storage/push_context.hpp"
#include "switchboard/sdk/storage/reaction.hpp"
#include "switchboard/sdk/storage/refresh_token.hpp"
#include "switchboard/sdk/storage/report.hpp"
#include "switchboard/sdk/storage/user.hpp"

namespace switchboard::storage {

using User = sdk::storage::User;
using RefreshToken = sdk::storage::RefreshToken;
using Device = sdk::storage::Device;
using Member = sdk::storage::Member;
using Reaction = sdk::storage::Reaction;
using Attachment = sdk::storage::Attachment;
using Message = sdk::storage::Message;
using Conversation = sdk::storage::Conversation;
using ConversationSummary = sdk::storage::ConversationSummary;
using Report = sdk::storage::Report;
using CallRecord = sdk::storage::CallRecord;  // ABI 1.2; outcome empty while unfinished
using OutboxEntry = sdk::storage::OutboxEntry;      // ABI 1.3
using NotifySetting = sdk::storage::NotifySetting;  // ABI 1.3
using PushContext = sdk::storage::PushContext;      // ABI 1.4

struct AppendResult {
    Message message;
    bool duplicate = false;
};

struct ReceiptState {
    uint64_t delivered_seq = 0;
    uint64_t read_seq = 0;
    bool changed = false;
};

struct Unit {};

}  // namespace switchboard::storage
