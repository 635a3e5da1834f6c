#include "process_sample.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace switchboard::bench {

namespace {

std::optional<double> cpu_seconds_of(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    if (!std::getline(in, text)) return std::nullopt;
    // The command name (field 2) may hold spaces: count fields after its ')'.
    size_t close = text.rfind(')');
    if (close == std::string::npos) return std::nullopt;
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    unsigned long utime = 0, stime = 0;
    // Field 3 (state) is the first after ')'; utime and stime are fields 14 and 15.
    for (int number = 3; number <= 15 && fields >> field; ++number) {
        if (number == 14) utime = std::stoul(field);
        if (number == 15) stime = std::stoul(field);
    }
    static const double ticks_per_second = static_cast<double>(sysconf(_SC_CLK_TCK));
    return static_cast<double>(utime + stime) / ticks_per_second;
}

}  // namespace

std::optional<ProcessSample> ProcessSample::read(pid_t pid, int64_t now_ns) {
    auto cpu = cpu_seconds_of(pid);
    if (!cpu) return std::nullopt;
    ProcessSample sample;
    sample.at_ns = now_ns;
    sample.cpu_seconds = *cpu;
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        auto kib = [&line] { return std::stoull(line.substr(line.find(':') + 1)) * 1024; };
        if (line.rfind("VmRSS:", 0) == 0) sample.rss_bytes = kib();
        else if (line.rfind("VmHWM:", 0) == 0) sample.peak_rss_bytes = kib();
    }
    return sample;
}

}  // namespace switchboard::bench
