#include "switchboard/chat/receipt_service.hpp"

namespace switchboard::chat {

using nlohmann::json;

void ReceiptService::register_ops(Dispatcher& d) {
    using A = Dispatcher::Access;
    d.add("receipt.delivered", A::authenticated, [this](const CallPtr& c) { mark(c, SB_RECEIPT_DELIVERED); });
    d.add("receipt.read", A::authenticated, [this](const CallPtr& c) { mark(c, SB_RECEIPT_READ); });
}

void ReceiptService::mark(const CallPtr& call, sb_receipt_kind kind) {
    auto f = call->fields();
    f.allow_only({"conversation_id", "seq"});
    std::string conversation_id = f.string("conversation_id");
    uint64_t seq = f.uint("seq");
    ctx_.with_member_entry(call, conversation_id, [this, call, kind, seq](const ConversationCache::Entry& c) {
        ctx_.storage.receipt_set(c->id(), call->user_id(), kind, seq,
                                 [this, call, c](storage::StorageResult<storage::ReceiptState> r) {
                                     if (!r.ok()) return call->fail_storage(r, "membership");
                                     json state{{"conversation_id", c->id()},
                                                {"user_id", call->user_id()},
                                                {"delivered_seq", r.value.delivered_seq},
                                                {"read_seq", r.value.read_seq}};
                                     call->ok(state);
                                     if (!r.value.changed) return;
                                     // Keep the cached member in step, then tell every member's
                                     // sessions (the user's other devices too: their unread counts change).
                                     if (storage::Member* m = c->member(call->user_id())) {
                                         m->delivered_seq = r.value.delivered_seq;
                                         m->read_seq = r.value.read_seq;
                                     }
                                     ctx_.publisher.to_users(c->member_ids(), "receipt", state, call->conn());
                                 });
    });
}

}  // namespace switchboard::chat
