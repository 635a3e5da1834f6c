#pragma once

#include <sys/types.h>

#include <map>
#include <string>

namespace switchboard::bench::push {

// CPU seconds (user + system) spent by this process, another process, or
// this process's threads grouped by name, for the push benches' "CPU per
// notification" figures.
class CpuTimes {
public:
    static double own_seconds();
    // From /proc/PID/stat (fields 14 and 15).
    static double process_seconds(pid_t pid);
    // This process's live threads, summed by thread name (/proc/self/task/*/comm).
    static std::map<std::string, double> threads_by_name();
};

}  // namespace switchboard::bench::push
