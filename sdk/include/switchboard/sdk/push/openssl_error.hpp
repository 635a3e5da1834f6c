// Switchboard push kit (header-only): OpenSSL's error queue as an exception.
#pragma once

#include <openssl/err.h>

#include <stdexcept>
#include <string>

namespace switchboard::sdk::push {

class OpenSslError : public std::runtime_error {
public:
    // `what` says what failed; OpenSSL's queued reasons (consumed here) follow it.
    explicit OpenSslError(const std::string& what) : std::runtime_error(what + drain_queue()) {}

private:
    static std::string drain_queue() {
        std::string reasons;
        char buffer[256];
        while (unsigned long code = ERR_get_error()) {
            ERR_error_string_n(code, buffer, sizeof(buffer));
            reasons += reasons.empty() ? ": " : "; ";
            reasons += buffer;
        }
        return reasons;
    }
};

}  // namespace switchboard::sdk::push
