#pragma once

#include <string>
#include <vector>

namespace switchboard::tests::abi {

// What a finished command printed (stdout and stderr together) and its exit code.
struct CommandResult {
    int exit_code = -1;
    std::string output;

    // Runs `argv` through /bin/sh with stderr merged into stdout, killed after
    // `timeout_seconds` (exit code 124 then). Each argument is quoted.
    static CommandResult run(const std::vector<std::string>& argv, int timeout_seconds = 30);
};

}  // namespace switchboard::tests::abi
