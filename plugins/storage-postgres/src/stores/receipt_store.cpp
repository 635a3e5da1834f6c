#include "stores/receipt_store.hpp"

#include <algorithm>

#include "db/row.hpp"

namespace switchboard::plugins::storage_postgres::stores {

using sdk::storage::Reply;

Reply ReceiptStore::set(const std::string& conversation_id, const std::string& user_id, uint32_t kind, uint64_t seq) {
    if (kind != SB_RECEIPT_DELIVERED && kind != SB_RECEIPT_READ)
        return Reply::fail(SB_ERR_BAD_REQUEST, "receipt kind must be delivered or read");
    // FOR UPDATE: another server raising the same receipt waits, then reads the raised values.
    pqxx::result rows = db_.query(
                               "SELECT m.delivered_seq, m.read_seq, c.last_seq"
                               " FROM members m JOIN conversations c ON c.conversation_id = m.conversation_id"
                               " WHERE m.conversation_id = $1 AND m.user_id = $2 FOR UPDATE OF m")
                            .text(conversation_id)
                            .text(user_id)
                            .run();
    if (rows.empty()) return Reply::fail(SB_ERR_NOT_FOUND, "not a member of this conversation");
    db::Row row(rows[0]);
    uint64_t delivered = row.seq(0);
    uint64_t read = row.seq(1);
    uint64_t last_seq = row.seq(2);
    uint64_t target = std::min(seq, last_seq);
    uint64_t new_read = kind == SB_RECEIPT_READ ? std::max(read, target) : read;
    uint64_t new_delivered = std::max({delivered, target, new_read});
    bool changed = new_read != read || new_delivered != delivered;
    if (changed)
        db_.query("UPDATE members SET delivered_seq = $3, read_seq = $4 WHERE conversation_id = $1 AND user_id = $2")
            .text(conversation_id)
            .text(user_id)
            .seq(new_delivered)
            .seq(new_read)
            .run();
    return Reply::receipt(new_delivered, new_read, changed);
}

}  // namespace switchboard::plugins::storage_postgres::stores
