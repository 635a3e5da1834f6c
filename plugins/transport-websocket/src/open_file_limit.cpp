#include "open_file_limit.hpp"

#include <sys/resource.h>

namespace switchboard::plugins::transport_websocket {

namespace {
// libwebsockets 4.1 falls back to 2560 fds when sysconf(_SC_OPEN_MAX) is above
// ten million, and allocates a pointer per possible fd: stay well below.
constexpr rlim_t kCeiling = rlim_t{1} << 20;
}  // namespace

uint64_t raise_open_file_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
    rlim_t target = limit.rlim_max == RLIM_INFINITY || limit.rlim_max > kCeiling ? kCeiling : limit.rlim_max;
    if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < target) {
        rlimit raised = limit;
        raised.rlim_cur = target;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    return limit.rlim_cur == RLIM_INFINITY ? kCeiling : static_cast<uint64_t>(limit.rlim_cur);
}

}  // namespace switchboard::plugins::transport_websocket
