#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace switchboard::bench {

// The body of every benchmark message: "sbb:<send time ns>:<sequence>:"
// padded with 'x' to the requested size. It survives JSON escaping
// unchanged, so a recipient finds the send time inside a whole event frame
// with one search.
class BenchBody {
public:
    static std::string make(int64_t send_ns, uint64_t sequence, size_t size);
    static std::optional<int64_t> send_time(std::string_view text);
};

}  // namespace switchboard::bench
