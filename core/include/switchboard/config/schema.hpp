#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "switchboard/abi.h"
#include "switchboard/config/interpolator.hpp"
#include "switchboard/config/location.hpp"
#include "switchboard/config/option_spec.hpp"
#include "switchboard/config/problem.hpp"
#include "switchboard/config/section.hpp"

namespace switchboard::config {

// The declared options of one configuration section (a plugin's `config`, or a
// kernel section), and the validation of a YAML mapping against them.
class Schema {
public:
    // A schema without options: only a null or empty section is valid.
    Schema() = default;

    // Reads a plugin's option table. The array's stride is the first element's
    // struct_size, so a plugin built against another ABI minor (smaller or
    // larger sb_option) is read correctly; fields it lacks read as zero.
    // Throws std::invalid_argument for a malformed declaration (bad name or
    // type, duplicate name, a name both a value and a mapping, a default that
    // is not a valid value of its option).
    Schema(const sb_option* options, uint32_t count);
    explicit Schema(std::span<const sb_option> options);

    const std::vector<OptionSpec>& options() const noexcept { return options_; }
    const OptionSpec* find(std::string_view name) const;
    // True for a proper prefix of a dotted name: "tls" when "tls.cert_file" exists.
    bool is_group(std::string_view name) const;
    // The next name segments under `group` ("" for the top): the keys a
    // mapping there may hold.
    std::vector<std::string> keys_under(std::string_view group) const;

    // Validates `section` (a mapping; null or undefined means all defaults),
    // found in the file at `where`. Adds every problem to `problems`.
    Section validate(const YAML::Node& section, const Location& where, std::vector<Problem>& problems,
                     const Interpolator& interpolator = Interpolator::environment()) const;

    // The same, throwing ConfigError with all the section's problems.
    Section validate(const YAML::Node& section, const Location& where,
                     const Interpolator& interpolator = Interpolator::environment()) const;

    // A plain-text listing for `switchboard --describe-plugin`: one entry per
    // option with its type, default or "required", range or choices, and doc.
    std::string describe() const;

    // The same as a Markdown table, for the docs.
    std::string describe_markdown() const;

private:
    std::vector<OptionSpec> options_;
    std::map<std::string, size_t, std::less<>> index_;
    // Every proper prefix of a dotted name ("tls" for "tls.cert_file").
    std::set<std::string, std::less<>> groups_;
};

}  // namespace switchboard::config
