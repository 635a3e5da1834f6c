#pragma once

#include "db/connection.hpp"
#include "stores/attachment_store.hpp"
#include "stores/conversation_store.hpp"
#include "stores/device_store.hpp"
#include "stores/message_store.hpp"
#include "stores/moderation_store.hpp"
#include "stores/receipt_store.hpp"
#include "stores/token_store.hpp"
#include "stores/user_store.hpp"

namespace switchboard::plugins::storage_sqlite::stores {

// The SQL behind each group of storage operations, for sdk::storage::QueuedStorage.
struct Stores {
    using Connection = db::Connection;
    using Users = UserStore;
    using Tokens = TokenStore;
    using Devices = DeviceStore;
    using Conversations = ConversationStore;
    using Messages = MessageStore;
    using Receipts = ReceiptStore;
    using Moderation = ModerationStore;
    using Attachments = AttachmentStore;
};

}  // namespace switchboard::plugins::storage_sqlite::stores
