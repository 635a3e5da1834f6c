#pragma once

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace switchboard::protocol {

// Typed access to a request's `data` object. Every accessor throws
// ProtocolError(bad_request) naming the field and what was expected, so each
// handler states its fields once and gets precise errors for free.
class Fields {
public:
    explicit Fields(const nlohmann::json& data) : data_(data) {}

    // Refuses any key not in `allowed`.
    void allow_only(std::initializer_list<std::string_view> allowed) const;

    std::string string(std::string_view key, size_t max_bytes = 256) const;  // required, non-empty
    std::optional<std::string> optional_string(std::string_view key, size_t max_bytes = 256) const;
    // A string that may be empty (message bodies): required, at most max_bytes.
    std::string text(std::string_view key, size_t max_bytes) const;

    uint64_t uint(std::string_view key) const;
    std::optional<uint64_t> optional_uint(std::string_view key) const;
    bool boolean(std::string_view key) const;
    std::optional<bool> optional_boolean(std::string_view key) const;
    // A JSON array of non-empty strings, at most max_items, no duplicates kept.
    std::vector<std::string> string_list(std::string_view key, size_t max_items) const;
    std::optional<std::vector<std::string>> optional_string_list(std::string_view key, size_t max_items) const;
    // Any JSON value, or nullptr when absent.
    const nlohmann::json* value(std::string_view key) const;

private:
    [[noreturn]] void fail(std::string_view key, std::string_view expected) const;

    const nlohmann::json& data_;
};

}  // namespace switchboard::protocol
