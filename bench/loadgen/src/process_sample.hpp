#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>

namespace switchboard::bench {

// What /proc says about a process at one instant.
struct ProcessSample {
    int64_t at_ns = 0;
    double cpu_seconds = 0;     // user + system, from /proc/<pid>/stat
    uint64_t rss_bytes = 0;     // VmRSS, from /proc/<pid>/status
    uint64_t peak_rss_bytes = 0;  // VmHWM: the kernel's own high-water mark

    // Empty when the process is gone or /proc cannot be read.
    static std::optional<ProcessSample> read(pid_t pid, int64_t now_ns);
};

}  // namespace switchboard::bench
