#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "switchboard/abi.h"
#include "switchboard/config/location.hpp"
#include "switchboard/config/problem.hpp"
#include "switchboard/config/value.hpp"

namespace switchboard::config {

// A validated configuration section: one value per declared option, defaults
// applied. Immutable, so concurrent reads are safe. Copies share the values,
// so strings handed out stay valid while any copy lives.
class Section {
public:
    struct Entry {
        sb_option_type type = SB_OPT_STRING;
        Value value;      // monostate: absent and no default
        Location origin;  // where the value was set, or the section for a default
    };
    using Entries = std::map<std::string, Entry, std::less<>>;

    // A section with no options.
    Section();
    Section(Entries entries, Location location);

    // The getters of the C host table (sb_host::config_*): SB_OK, SB_ERR_NOT_FOUND
    // for an absent optional key without default, SB_ERR_BAD_REQUEST when `key`
    // is NULL or not declared with that type. get_int reads INT, DURATION (ms)
    // and SIZE (bytes). get_list_item answers SB_ERR_NOT_FOUND past the end.
    sb_status get_string(const char* key, sb_str* out) const noexcept;
    sb_status get_int(const char* key, int64_t* out) const noexcept;
    sb_status get_double(const char* key, double* out) const noexcept;
    sb_status get_bool(const char* key, int32_t* out) const noexcept;
    sb_status get_list_size(const char* key, size_t* count) const noexcept;
    sb_status get_list_item(const char* key, size_t index, sb_str* out) const noexcept;

    // For kernel code: nullopt when absent without default. They throw
    // std::logic_error when `key` is not declared with a fitting type, which
    // is a bug in the caller, not in the file.
    std::optional<std::string> string(std::string_view key) const;
    std::optional<int64_t> integer(std::string_view key) const;  // INT, DURATION (ms), SIZE (bytes)
    std::optional<std::chrono::milliseconds> duration(std::string_view key) const;
    std::optional<double> number(std::string_view key) const;
    std::optional<bool> boolean(std::string_view key) const;
    std::vector<std::string> list(std::string_view key) const;  // empty when absent

    // True when `key` is declared and has a value (set or default).
    bool has(std::string_view key) const;

    // A problem located where `key` was set (at the section for a default), for
    // checks the schema cannot make, e.g. "file not found". Throws
    // std::logic_error for an undeclared key.
    Problem problem(std::string_view key, std::string message) const;

    // Where the section is: its key in the file, or the file for an absent one.
    const Location& location() const noexcept { return data_->location; }
    const Entries& entries() const noexcept { return data_->entries; }

private:
    struct Data {
        Entries entries;
        Location location;
    };

    const Entry* find(const char* key, std::initializer_list<sb_option_type> types) const noexcept;
    const Entry& require(std::string_view key, std::initializer_list<sb_option_type> types) const;

    std::shared_ptr<const Data> data_;
};

}  // namespace switchboard::config
