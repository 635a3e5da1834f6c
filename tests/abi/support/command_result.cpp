#include "support/command_result.hpp"

#include <stdio.h>
#include <sys/wait.h>

#include <array>
#include <stdexcept>

namespace switchboard::tests::abi {

namespace {

std::string shell_quote(const std::string& word) {
    std::string quoted = "'";
    for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

}  // namespace

CommandResult CommandResult::run(const std::vector<std::string>& argv, int timeout_seconds) {
    std::string command = "timeout " + std::to_string(timeout_seconds);
    for (const std::string& word : argv) command += " " + shell_quote(word);
    command += " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("popen failed: " + command);
    CommandResult result;
    std::array<char, 4096> buffer;
    size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), n);
    int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

}  // namespace switchboard::tests::abi
