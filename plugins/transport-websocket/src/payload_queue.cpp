#include "payload_queue.hpp"

namespace switchboard::plugins::transport_websocket {

namespace {
// A drained queue that once held this many entries gives its memory back, so
// a burst does not leave a large buffer behind on an idle connection.
constexpr size_t kKeptCapacity = 16;
}  // namespace

void PayloadQueue::push(sb_payload* payload, size_t size) {
    entries_.push_back(Entry{payload, size});
    bytes_ += size;
}

sb_payload* PayloadQueue::pop() {
    if (empty()) return nullptr;
    Entry entry = entries_[head_++];
    bytes_ -= entry.size;
    compact();
    return entry.payload;
}

void PayloadQueue::pop_up_to(size_t max_bytes, std::vector<sb_payload*>& out) {
    size_t taken = 0;
    while (!empty()) {
        const Entry& entry = entries_[head_];
        if (taken > 0 && taken + entry.size > max_bytes) break;
        taken += entry.size;
        bytes_ -= entry.size;
        out.push_back(entry.payload);
        ++head_;
    }
    compact();
}

std::vector<sb_payload*> PayloadQueue::take_all() {
    std::vector<sb_payload*> payloads;
    payloads.reserve(count());
    for (size_t i = head_; i < entries_.size(); ++i) payloads.push_back(entries_[i].payload);
    entries_ = {};
    head_ = 0;
    bytes_ = 0;
    return payloads;
}

void PayloadQueue::compact() {
    if (empty()) {
        entries_.clear();
        head_ = 0;
        if (entries_.capacity() > kKeptCapacity) entries_.shrink_to_fit();
    } else if (head_ >= kKeptCapacity && head_ * 2 >= entries_.size()) {
        // Popping is O(1); the front is erased only once it is at least half
        // the vector, which keeps the total work linear.
        entries_.erase(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(head_));
        head_ = 0;
    }
}

}  // namespace switchboard::plugins::transport_websocket
