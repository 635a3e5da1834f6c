#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

namespace switchboard::plugins::storage_sqlite::stores {

// The newest seq of each conversation the writer appended to, so the next
// append needs no lookup. Only the writer thread touches it, and only the
// writer writes messages, so an entry stays true until a write is undone:
// whoever rolls back (a savepoint or a transaction) must call clear(). Its
// size is bounded; past the bound it starts over.
class NewestSeqs {
public:
    static constexpr size_t kMaxConversations = 100'000;

    std::optional<uint64_t> find(const std::string& conversation_id) const {
        auto it = seqs_.find(conversation_id);
        if (it == seqs_.end()) return std::nullopt;
        return it->second;
    }

    void remember(const std::string& conversation_id, uint64_t seq) {
        if (seqs_.size() >= kMaxConversations && !seqs_.contains(conversation_id)) seqs_.clear();
        seqs_[conversation_id] = seq;
    }

    void clear() noexcept { seqs_.clear(); }
    size_t size() const noexcept { return seqs_.size(); }

private:
    std::unordered_map<std::string, uint64_t> seqs_;
};

}  // namespace switchboard::plugins::storage_sqlite::stores
