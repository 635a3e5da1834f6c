#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "switchboard/abi.h"
#include "switchboard/config/value.hpp"

namespace switchboard::config {

// One declared option, copied out of a plugin's (or the kernel's) sb_option.
struct OptionSpec {
    std::string name;  // dotted for nested mappings: "tls.cert_file"
    sb_option_type type = SB_OPT_STRING;
    // For scalar types the text of the value, as written after the key in
    // YAML; for STRING_LIST a YAML list such as "[a, b]". nullopt: no default.
    std::optional<std::string> default_text;
    bool required = false;
    std::string doc;
    int64_t min_value = 0;  // INT, DURATION (ms), SIZE (bytes); checked when min < max
    int64_t max_value = 0;
    std::vector<std::string> choices;  // STRING and STRING_LIST items; empty = any
    Value default_value;               // parsed default_text; monostate when none

    // Throws std::invalid_argument naming the option for a malformed name, an
    // unknown type or a default that is not a valid value of the option.
    static OptionSpec from_c(const sb_option& option);

    bool has_range() const noexcept { return min_value < max_value; }

    // Reads a scalar's (expanded) text for a scalar type into `value`; false
    // with `error` set to a message such as "expected an integer, got 'abc'".
    bool parse_scalar(std::string_view text, Value& value, std::string& error) const;

    // Checks a STRING value or a STRING_LIST item against the choices.
    bool accepts_item(std::string_view text, std::string& error) const;

    // Reads a STRING_LIST default, YAML text such as "[a, b]" ("" for an
    // empty list), into `value`; false with `error` set.
    bool parse_list_default(const std::string& text, Value& value, std::string& error) const;

    // "an integer", "a duration", "a list of strings"... for messages.
    std::string expected() const;
    // "int", "duration", "string list"... for listings.
    std::string type_name() const;
    // The bounds in the option's units: "1s..1h", "1..1024"; empty without range.
    std::string range_text() const;
    // The value in the option's notation: "15m", "64KiB", "\"info\"", "[a, b]".
    std::string format(const Value& value) const;
};

}  // namespace switchboard::config
