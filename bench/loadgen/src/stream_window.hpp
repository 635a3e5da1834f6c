#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace switchboard::bench {

// The unread bytes of a stream that arrives in reads of any size. Bytes are
// looked at in place in the read's own buffer; only a unit (frame, packet)
// cut by the end of a read is copied, to be completed by the next one.
class StreamWindow {
public:
    // Starts on a new read. Call keep_rest() before the next feed().
    void feed(const char* data, size_t size);

    // The bytes not consumed yet; empty before feed() and after keep_rest().
    std::string_view unread() const {
        return view_ ? std::string_view(view_ + offset_, size_ - offset_) : std::string_view();
    }
    bool fed() const { return view_ != nullptr; }
    void consume(size_t bytes) { offset_ += bytes; }

    // Keeps the unconsumed tail (a cut unit) for the next feed().
    void keep_rest();

private:
    std::string pending_;
    const char* view_ = nullptr;
    size_t size_ = 0;
    size_t offset_ = 0;
    bool view_is_pending_ = false;
};

}  // namespace switchboard::bench
