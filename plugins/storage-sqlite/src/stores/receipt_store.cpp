#include "stores/receipt_store.hpp"

#include <algorithm>

namespace switchboard::plugins::storage_sqlite::stores {

using sdk::storage::Reply;

Reply ReceiptStore::set(const std::string& conversation_id, const std::string& user_id, uint32_t kind, uint64_t seq) {
    if (kind != SB_RECEIPT_DELIVERED && kind != SB_RECEIPT_READ)
        return Reply::fail(SB_ERR_BAD_REQUEST, "receipt kind must be delivered or read");
    uint64_t delivered = 0;
    uint64_t read = 0;
    uint64_t last_seq = 0;
    {
        db::Query query = db_.query(
            "SELECT delivered_seq, read_seq, (SELECT coalesce(max(seq), 0) FROM messages WHERE conversation_id = ?1)"
            " FROM members WHERE conversation_id = ?1 AND user_id = ?2");
        query.bind_text(1, conversation_id).bind_text(2, user_id);
        if (!query.next()) return Reply::fail(SB_ERR_NOT_FOUND, "not a member of this conversation");
        delivered = query.column_seq(0);
        read = query.column_seq(1);
        last_seq = query.column_seq(2);
    }
    uint64_t target = std::min(seq, last_seq);
    uint64_t new_read = kind == SB_RECEIPT_READ ? std::max(read, target) : read;
    uint64_t new_delivered = std::max({delivered, target, new_read});
    bool changed = new_read != read || new_delivered != delivered;
    if (changed)
        db_.query("UPDATE members SET delivered_seq = ?3, read_seq = ?4 WHERE conversation_id = ?1 AND user_id = ?2")
            .bind_text(1, conversation_id)
            .bind_text(2, user_id)
            .bind_seq(3, new_delivered)
            .bind_seq(4, new_read)
            .run();
    return Reply::receipt(new_delivered, new_read, changed);
}

}  // namespace switchboard::plugins::storage_sqlite::stores
