#pragma once

#include <cstdint>

namespace switchboard::util {

// Wall-clock time in milliseconds since the Unix epoch: the unit of every
// timestamp the server stores or sends.
int64_t now_ms();

// Monotonic time in milliseconds, for timeouts and rate limits.
int64_t steady_ms();

}  // namespace switchboard::util
