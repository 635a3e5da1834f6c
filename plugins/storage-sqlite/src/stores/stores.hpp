#pragma once

#include "db/connection.hpp"
#include "stores/attachment_store.hpp"
#include "stores/call_store.hpp"
#include "stores/conversation_store.hpp"
#include "stores/device_store.hpp"
#include "stores/message_store.hpp"
#include "stores/moderation_store.hpp"
#include "stores/outbox_store.hpp"
#include "stores/receipt_store.hpp"
#include "stores/token_store.hpp"
#include "stores/user_store.hpp"
#include "switchboard/sdk/storage/store_set.hpp"

namespace switchboard::plugins::storage_sqlite::stores {

// The SQL behind each group of storage operations, for sdk::storage::QueuedStorage.
using Stores = sdk::storage::StoreSet<db::Connection, UserStore, TokenStore, DeviceStore, ConversationStore, MessageStore,
                                      ReceiptStore, ModerationStore, AttachmentStore, CallStore, OutboxStore>;

}  // namespace switchboard::plugins::storage_sqlite::stores
