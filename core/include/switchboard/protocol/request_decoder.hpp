#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include "switchboard/protocol/error_code.hpp"
#include "switchboard/protocol/request.hpp"

namespace switchboard::protocol {

// Why an envelope was refused; `id` is the request's id when it could be read
// (so the client can match the error), null otherwise.
struct DecodeError {
    ErrorCode code;
    std::string message;
    nlohmann::json id;
};

// Turns the bytes of one frame/message/body into a Request, checking size,
// UTF-8, nesting depth, JSON syntax and the envelope's shape. Pure and thread-safe: transports'
// I/O threads call it so the kernel thread only sees well-formed requests.
class RequestDecoder {
public:
    explicit RequestDecoder(size_t max_bytes) : max_bytes_(max_bytes) {}

    std::variant<Request, DecodeError> decode(std::string_view bytes) const;

private:
    size_t max_bytes_;
};

}  // namespace switchboard::protocol
