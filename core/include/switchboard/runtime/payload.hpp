#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "switchboard/abi.h"

// The host's definition of the ABI's opaque payload: an immutable byte string
// with an atomic reference count, so one serialised event is shared by every
// recipient's send queue.
struct sb_payload {
    std::atomic<uint32_t> refs{1};
    std::string bytes;
};

namespace switchboard::runtime {

// An owning reference to an sb_payload.
class Payload {
public:
    Payload() noexcept = default;
    explicit Payload(std::string bytes) : payload_(new sb_payload) { payload_->bytes = std::move(bytes); }
    Payload(const Payload& other) noexcept : payload_(other.payload_) { retain(payload_); }
    Payload(Payload&& other) noexcept : payload_(other.payload_) { other.payload_ = nullptr; }
    Payload& operator=(Payload other) noexcept {
        std::swap(payload_, other.payload_);
        return *this;
    }
    ~Payload() { release(payload_); }

    sb_payload* get() const noexcept { return payload_; }
    std::string_view bytes() const noexcept { return payload_ ? std::string_view(payload_->bytes) : std::string_view(); }

    static void retain(sb_payload* p) noexcept {
        if (p) p->refs.fetch_add(1, std::memory_order_relaxed);
    }
    static void release(sb_payload* p) noexcept {
        if (p && p->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete p;
    }

private:
    sb_payload* payload_ = nullptr;
};

}  // namespace switchboard::runtime
