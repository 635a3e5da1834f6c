#pragma once

#include <string>
#include <string_view>

namespace switchboard::util {

// Identifiers for users, conversations, messages…: a prefix, 48 bits of
// millisecond time and 80 random bits in Crockford base32, so ids sort by
// creation time and never collide in practice. Thread-safe.
class IdGenerator {
public:
    static std::string make(std::string_view prefix);
};

}  // namespace switchboard::util
