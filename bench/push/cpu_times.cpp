#include "cpu_times.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace switchboard::bench::push {

namespace {

// utime + stime of a /proc/.../stat file (fields 14 and 15, after the parenthesised name).
double stat_seconds(const std::string& stat_file) {
    std::ifstream in(stat_file);
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (stat.empty()) return 0;
    std::istringstream fields(stat.substr(stat.rfind(')') + 2));
    std::string field;
    long ticks = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i)
        if (i >= 14) ticks += std::stol(field);
    return static_cast<double>(ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace

double CpuTimes::own_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double CpuTimes::process_seconds(pid_t pid) { return stat_seconds("/proc/" + std::to_string(pid) + "/stat"); }

std::map<std::string, double> CpuTimes::threads_by_name() {
    std::map<std::string, double> by_name;
    std::error_code ec;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", ec)) {
        std::string name;
        std::getline(std::ifstream(task.path() / "comm"), name);
        by_name[name] += stat_seconds(task.path() / "stat");
    }
    return by_name;
}

}  // namespace switchboard::bench::push
