#pragma once

#include <stdexcept>
#include <string>

#include "switchboard/protocol/error_code.hpp"

namespace switchboard::protocol {

// Thrown by request handling to answer with an error envelope.
class ProtocolError : public std::runtime_error {
public:
    ProtocolError(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
    ErrorCode code() const noexcept { return code_; }

private:
    ErrorCode code_;
};

}  // namespace switchboard::protocol
