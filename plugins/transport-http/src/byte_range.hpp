#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace switchboard::plugins::transport_http {

// The Range header of a request for a resource of `size` bytes (RFC 9110
// section 14): one "bytes=" range, served as 206.
class ByteRange {
public:
    enum class Kind {
        whole,           // no Range, another unit, or several ranges: serve everything (200)
        partial,         // first..last, inclusive (206)
        unsatisfiable,   // invalid, or starts past the end (416)
    };

    static ByteRange parse(std::optional<std::string_view> header, uint64_t size);

    Kind kind() const noexcept { return kind_; }
    uint64_t first() const noexcept { return first_; }
    uint64_t last() const noexcept { return last_; }
    uint64_t length() const noexcept { return last_ - first_ + 1; }

private:
    Kind kind_ = Kind::whole;
    uint64_t first_ = 0;
    uint64_t last_ = 0;
};

}  // namespace switchboard::plugins::transport_http
