#pragma once

#include "switchboard/chat/chat_context.hpp"
#include "switchboard/chat/dispatcher.hpp"

namespace switchboard::chat {

// receipt.delivered / receipt.read: per-user, monotonic, up to a seq.
class ReceiptService {
public:
    explicit ReceiptService(ChatContext& context) : ctx_(context) {}

    void register_ops(Dispatcher& dispatcher);

private:
    void mark(const CallPtr& call, sb_receipt_kind kind);

    ChatContext& ctx_;
};

}  // namespace switchboard::chat
