#pragma once

#include <memory>
#include <sstream>
#include <string>

#include <spdlog/spdlog.h>

namespace switchboard::tests::abi {

// Routes spdlog's default logger (where the host sends plugin logs) into a
// string for the object's lifetime, then restores the previous logger.
class LogCapture {
public:
    LogCapture();
    ~LogCapture();
    LogCapture(const LogCapture&) = delete;
    LogCapture& operator=(const LogCapture&) = delete;

    // Everything logged so far, one line per message, as "LEVEL message".
    std::string text() const;

private:
    std::shared_ptr<std::ostringstream> stream_;
    std::shared_ptr<spdlog::logger> previous_;
};

}  // namespace switchboard::tests::abi
