#include "switchboard/config/option_spec.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <type_traits>

#include <yaml-cpp/yaml.h>

#include "switchboard/config/suggestion.hpp"
#include "switchboard/config/units_format.hpp"
#include "switchboard/sdk/units.hpp"

namespace switchboard::config {

namespace {

bool is_name_segment(std::string_view segment) {
    if (segment.empty()) return false;
    return std::all_of(segment.begin(), segment.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

bool is_option_name(std::string_view name) {
    size_t start = 0;
    while (true) {
        size_t dot = name.find('.', start);
        if (!is_name_segment(name.substr(start, dot - start))) return false;
        if (dot == std::string_view::npos) return true;
        start = dot + 1;
    }
}

std::vector<std::string> split_choices(const char* choices) {
    std::vector<std::string> items;
    if (!choices) return items;
    std::string_view rest(choices);
    while (true) {
        size_t bar = rest.find('|');
        items.emplace_back(rest.substr(0, bar));
        if (bar == std::string_view::npos) return items;
        rest.remove_prefix(bar + 1);
    }
}

std::string quoted(std::string_view text) {
    return "'" + std::string(text) + "'";
}

std::string lowercase(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    return lower;
}

// from_chars does not take a leading '+'; YAML and people do.
std::string_view without_plus(std::string_view text) {
    if (text.size() > 1 && text.front() == '+' && text[1] != '-') text.remove_prefix(1);
    return text;
}

std::optional<int64_t> parse_integer(std::string_view text, bool& out_of_range) {
    text = without_plus(text);
    int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    out_of_range = ec == std::errc::result_out_of_range;
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<double> parse_double(std::string_view text) {
    text = without_plus(text);
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

std::optional<bool> parse_bool(std::string_view text) {
    std::string lower = lowercase(text);
    if (lower == "true" || lower == "yes" || lower == "on") return true;
    if (lower == "false" || lower == "no" || lower == "off") return false;
    return std::nullopt;
}

std::string join_choices(const std::vector<std::string>& choices) {
    std::string text;
    for (const std::string& choice : choices) text += (text.empty() ? "" : "|") + choice;
    return text;
}

}  // namespace

OptionSpec OptionSpec::from_c(const sb_option& option) {
    std::string name = option.name ? option.name : "";
    if (!is_option_name(name))
        throw std::invalid_argument("option name '" + name +
                                    "' is not valid: dot-separated words of letters, digits, '_' and '-'");
    OptionSpec spec;
    spec.name = name;
    // A plugin may put any integer in the field: read it as one before trusting it as the enum.
    std::underlying_type_t<sb_option_type> type = 0;
    std::memcpy(&type, &option.type, sizeof type);
    if (type < SB_OPT_STRING || type > SB_OPT_SIZE)
        throw std::invalid_argument("option '" + name + "' has an unknown type " + std::to_string(type));
    spec.type = static_cast<sb_option_type>(type);
    if (option.default_value) spec.default_text = option.default_value;
    spec.required = option.required != 0;
    spec.doc = option.doc ? option.doc : "";
    spec.min_value = option.min_value;
    spec.max_value = option.max_value;
    spec.choices = split_choices(option.choices);
    if (spec.default_text) {
        std::string error;
        bool valid = spec.type == SB_OPT_STRING_LIST
                         ? spec.parse_list_default(*spec.default_text, spec.default_value, error)
                         : spec.parse_scalar(*spec.default_text, spec.default_value, error);
        if (!valid)
            throw std::invalid_argument("option '" + name + "' has an invalid default '" + *spec.default_text +
                                        "': " + error);
    }
    return spec;
}

bool OptionSpec::parse_list_default(const std::string& text, Value& value, std::string& error) const {
    YAML::Node node;
    try {
        node = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        error = e.msg;
        return false;
    }
    std::vector<std::string> items;
    if (!node.IsNull() && !node.IsSequence()) {
        error = "expected a YAML list such as [a, b]";
        return false;
    }
    for (const YAML::Node& item : node) {
        if (!item.IsScalar()) {
            error = "expected a list of strings";
            return false;
        }
        if (!accepts_item(item.Scalar(), error)) return false;
        items.push_back(item.Scalar());
    }
    value = std::move(items);
    return true;
}

bool OptionSpec::parse_scalar(std::string_view text, Value& value, std::string& error) const {
    auto in_range = [&](int64_t number, auto&& format) {
        if (has_range() && (number < min_value || number > max_value)) {
            error = "must be between " + format(min_value) + " and " + format(max_value) + ", got " + format(number);
            return false;
        }
        value = number;
        return true;
    };
    auto plain = [](int64_t number) { return std::to_string(number); };
    switch (type) {
        case SB_OPT_STRING:
            if (!accepts_item(text, error)) return false;
            value = std::string(text);
            return true;
        case SB_OPT_INT: {
            bool out_of_range = false;
            if (std::optional<int64_t> number = parse_integer(text, out_of_range)) return in_range(*number, plain);
            error = out_of_range ? "integer " + quoted(text) + " does not fit in 64 bits"
                                 : "expected an integer, got " + quoted(text);
            return false;
        }
        case SB_OPT_BOOL:
            if (std::optional<bool> flag = parse_bool(text)) {
                value = *flag;
                return true;
            }
            error = "expected a boolean (true/false, yes/no, on/off), got " + quoted(text);
            return false;
        case SB_OPT_DOUBLE:
            if (std::optional<double> number = parse_double(text)) {
                value = *number;
                return true;
            }
            error = "expected a number, got " + quoted(text);
            return false;
        case SB_OPT_DURATION:
            if (std::optional<int64_t> ms = sdk::parse_duration_ms(text)) return in_range(*ms, format_duration_ms);
            error = "expected a duration such as 250ms, 30s, 5m, 1h, 1d or a number of seconds, got " + quoted(text);
            return false;
        case SB_OPT_SIZE:
            if (std::optional<int64_t> bytes = sdk::parse_size_bytes(text)) return in_range(*bytes, format_size_bytes);
            error = "expected a size such as 512, 64KiB, 16MiB or 1GiB, got " + quoted(text);
            return false;
        case SB_OPT_STRING_LIST:
            error = "expected a list of strings, got a scalar";
            return false;
    }
    error = "option type " + std::to_string(static_cast<int>(type)) + " is unknown";
    return false;
}

bool OptionSpec::accepts_item(std::string_view text, std::string& error) const {
    if (choices.empty() || std::find(choices.begin(), choices.end(), text) != choices.end()) return true;
    error = "must be one of " + join_choices(choices) + ", got " + quoted(text) + did_you_mean(text, choices);
    return false;
}

std::string OptionSpec::expected() const {
    switch (type) {
        case SB_OPT_STRING:
            return "a string";
        case SB_OPT_INT:
            return "an integer";
        case SB_OPT_BOOL:
            return "a boolean";
        case SB_OPT_DOUBLE:
            return "a number";
        case SB_OPT_STRING_LIST:
            return "a list of strings";
        case SB_OPT_DURATION:
            return "a duration";
        case SB_OPT_SIZE:
            return "a size";
    }
    return "a value";
}

std::string OptionSpec::type_name() const {
    switch (type) {
        case SB_OPT_STRING:
            return "string";
        case SB_OPT_INT:
            return "int";
        case SB_OPT_BOOL:
            return "bool";
        case SB_OPT_DOUBLE:
            return "double";
        case SB_OPT_STRING_LIST:
            return "string list";
        case SB_OPT_DURATION:
            return "duration";
        case SB_OPT_SIZE:
            return "size";
    }
    return "unknown";
}

std::string OptionSpec::range_text() const {
    if (!has_range()) return "";
    if (type == SB_OPT_DURATION) return format_duration_ms(min_value) + ".." + format_duration_ms(max_value);
    if (type == SB_OPT_SIZE) return format_size_bytes(min_value) + ".." + format_size_bytes(max_value);
    return std::to_string(min_value) + ".." + std::to_string(max_value);
}

std::string OptionSpec::format(const Value& value) const {
    struct Formatter {
        const OptionSpec& spec;
        std::string operator()(std::monostate) const { return ""; }
        std::string operator()(const std::string& text) const { return "\"" + text + "\""; }
        std::string operator()(int64_t number) const {
            if (spec.type == SB_OPT_DURATION) return format_duration_ms(number);
            if (spec.type == SB_OPT_SIZE) return format_size_bytes(number);
            return std::to_string(number);
        }
        std::string operator()(double number) const {
            char buffer[32];
            auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, number);
            return ec == std::errc() ? std::string(buffer, end) : std::to_string(number);
        }
        std::string operator()(bool flag) const { return flag ? "true" : "false"; }
        std::string operator()(const std::vector<std::string>& items) const {
            std::string text;
            for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
            return "[" + text + "]";
        }
    };
    return std::visit(Formatter{*this}, value);
}

}  // namespace switchboard::config
