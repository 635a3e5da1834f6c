// Switchboard C++ plugin SDK (header-only): reading ABI records that may come
// from a peer built against an older or newer minor version.
#pragma once

#include <cstddef>
#include <cstring>

namespace switchboard::sdk {

// A copy of `record` with exactly the fields both sides know: min(struct_size,
// sizeof(T)) bytes copied into a zeroed T, so unknown fields read as zero.
template <class T>
T read_record(const T& record) noexcept {
    T copy{};
    size_t n = record.struct_size < sizeof(T) ? record.struct_size : sizeof(T);
    std::memcpy(static_cast<void*>(&copy), &record, n);
    copy.struct_size = sizeof(T);
    return copy;
}

// Element `i` of an ABI array: the stride is the first element's struct_size,
// which is the producer's sizeof, not necessarily ours.
template <class T>
T read_element(const T* items, size_t i) noexcept {
    size_t stride = items[0].struct_size;
    const auto* bytes = reinterpret_cast<const unsigned char*>(items) + i * stride;
    return read_record(*reinterpret_cast<const T*>(bytes));
}

}  // namespace switchboard::sdk
