// Switchboard C++ plugin SDK (header-only) storage kit: a plugin's database
// code, named for QueuedStorage.
#pragma once

namespace switchboard::sdk::storage {

// The connection type the plugin's threads hold and one store class per
// group of storage operations, each constructed on a Connection& for one
// operation (see queued_storage.hpp for the methods called):
//   using Stores = StoreSet<db::Connection, UserStore, TokenStore, DeviceStore, ConversationStore,
//                           MessageStore, ReceiptStore, ModerationStore, AttachmentStore, CallStore, OutboxStore>;
template <class ConnectionType, class UserStore, class TokenStore, class DeviceStore, class ConversationStore,
          class MessageStore, class ReceiptStore, class ModerationStore, class AttachmentStore, class CallStore,
          class OutboxStore>
struct StoreSet {
    using Connection = ConnectionType;
    using Users = UserStore;
    using Tokens = TokenStore;
    using Devices = DeviceStore;
    using Conversations = ConversationStore;
    using Messages = MessageStore;
    using Receipts = ReceiptStore;
    using Moderation = ModerationStore;
    using Attachments = AttachmentStore;
    using Calls = CallStore;
    using Outbox = OutboxStore;
};

}  // namespace switchboard::sdk::storage
