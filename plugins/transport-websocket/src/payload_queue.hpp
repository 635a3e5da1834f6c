#pragma once

#include <cstddef>
#include <vector>

#include "switchboard/abi.h"

namespace switchboard::plugins::transport_websocket {

// FIFO of payload references waiting to be written to one connection, with
// the total of their sizes. Allocates nothing while empty, so an idle
// connection costs only the object itself.
class PayloadQueue {
public:
    void push(sb_payload* payload, size_t size);
    // The oldest payload, or nullptr when empty.
    sb_payload* pop();
    // Moves the oldest payloads to `out` while their sizes add up to at most
    // `max_bytes`, and always at least one (a large message goes out alone).
    void pop_up_to(size_t max_bytes, std::vector<sb_payload*>& out);
    // Empties the queue, handing back every payload (for the caller to release).
    std::vector<sb_payload*> take_all();

    bool empty() const { return head_ == entries_.size(); }
    size_t bytes() const { return bytes_; }
    size_t count() const { return entries_.size() - head_; }

private:
    struct Entry {
        sb_payload* payload;
        size_t size;
    };

    void compact();

    std::vector<Entry> entries_;
    size_t head_ = 0;  // entries before head_ were popped
    size_t bytes_ = 0;
};

}  // namespace switchboard::plugins::transport_websocket
