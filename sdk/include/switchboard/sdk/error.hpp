// Switchboard C++ plugin SDK (header-only): exceptions and the guard that turns
// them into sb_status + sb_error at the C boundary.
#pragma once

#include <exception>
#include <stdexcept>
#include <string>
#include <utility>

#include "switchboard/abi.h"

namespace switchboard::sdk {

// Throw this to report a specific status; anything else becomes SB_ERR_INTERNAL.
class Error : public std::runtime_error {
public:
    Error(sb_status status, const std::string& message) : std::runtime_error(message), status_(status) {}
    sb_status status() const noexcept { return status_; }

private:
    sb_status status_;
};

// Runs `body`; any exception is caught here so none crosses the C ABI.
template <class Body>
sb_status guard(sb_error* err, Body&& body) noexcept {
    try {
        std::forward<Body>(body)();
        return SB_OK;
    } catch (const Error& e) {
        return sb_error_set(err, e.status(), e.what());
    } catch (const std::exception& e) {
        return sb_error_set(err, SB_ERR_INTERNAL, e.what());
    } catch (...) {
        return sb_error_set(err, SB_ERR_INTERNAL, "unknown exception");
    }
}

// A caller-owned sb_error with its buffer, for code that calls into the ABI.
class ErrorBuffer {
public:
    ErrorBuffer() noexcept {
        buffer_[0] = '\0';
        error_.struct_size = sizeof(sb_error);
        error_.status = SB_OK;
        error_.message = buffer_;
        error_.message_capacity = sizeof(buffer_);
    }
    ErrorBuffer(const ErrorBuffer&) = delete;
    ErrorBuffer& operator=(const ErrorBuffer&) = delete;

    sb_error* get() noexcept { return &error_; }
    const char* message() const noexcept { return buffer_; }
    sb_status status() const noexcept { return error_.status; }

private:
    char buffer_[1024];
    sb_error error_{};
};

}  // namespace switchboard::sdk
