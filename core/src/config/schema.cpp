#include "switchboard/config/schema.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <stdexcept>

#include "section_validator.hpp"
#include "switchboard/config/config_error.hpp"

namespace switchboard::config {

namespace {

// The size of sb_option in ABI 1.0: every option table has at least these fields.
constexpr size_t kOptionSizeV1_0 = offsetof(sb_option, choices) + sizeof(sb_option::choices);

std::string markdown_cell(const std::string& text) {
    std::string cell;
    for (char c : text) {
        if (c == '|')
            cell += "\\|";
        else if (c == '\n')
            cell += ' ';
        else
            cell += c;
    }
    return cell;
}

std::string choices_text(const OptionSpec& spec, const char* separator, const char* quote) {
    std::string text;
    for (const std::string& choice : spec.choices) text += (text.empty() ? "" : separator) + (quote + choice + quote);
    return text;
}

}  // namespace

Schema::Schema(const sb_option* options, uint32_t count) {
    if (count == 0) return;
    if (!options)
        throw std::invalid_argument("the option table is NULL but declares " + std::to_string(count) + " options");
    // The plugin's own sizeof(sb_option) is the array's stride.
    uint32_t first_size = 0;
    std::memcpy(&first_size, options, sizeof first_size);
    const size_t stride = first_size;
    if (stride < kOptionSizeV1_0)
        throw std::invalid_argument("the option table's struct_size " + std::to_string(stride) +
                                    " is smaller than an ABI 1.0 sb_option (" + std::to_string(kOptionSizeV1_0) + ")");
    const auto* bytes = reinterpret_cast<const unsigned char*>(options);
    for (uint32_t i = 0; i < count; ++i) {
        sb_option option{};
        std::memcpy(&option, bytes + i * stride, std::min(stride, sizeof(sb_option)));
        if (option.struct_size != stride)
            throw std::invalid_argument("option #" + std::to_string(i) + " has struct_size " +
                                        std::to_string(option.struct_size) + ", the first one " +
                                        std::to_string(stride));
        OptionSpec spec = OptionSpec::from_c(option);
        if (!index_.emplace(spec.name, options_.size()).second)
            throw std::invalid_argument("option '" + spec.name + "' is declared twice");
        for (size_t dot = spec.name.find('.'); dot != std::string::npos; dot = spec.name.find('.', dot + 1))
            groups_.insert(spec.name.substr(0, dot));
        options_.push_back(std::move(spec));
    }
    for (const OptionSpec& spec : options_)
        if (groups_.contains(spec.name))
            throw std::invalid_argument("option '" + spec.name + "' is both a value and a mapping of other options");
}

Schema::Schema(std::span<const sb_option> options) : Schema(options.data(), static_cast<uint32_t>(options.size())) {}

const OptionSpec* Schema::find(std::string_view name) const {
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : &options_[it->second];
}

bool Schema::is_group(std::string_view name) const {
    return groups_.find(name) != groups_.end();
}

std::vector<std::string> Schema::keys_under(std::string_view group) const {
    std::vector<std::string> keys;
    std::string prefix = group.empty() ? "" : std::string(group) + ".";
    for (const OptionSpec& spec : options_) {
        if (spec.name.compare(0, prefix.size(), prefix) != 0) continue;
        std::string rest = spec.name.substr(prefix.size());
        std::string key = rest.substr(0, rest.find('.'));
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
    }
    return keys;
}

Section Schema::validate(const YAML::Node& section, const Location& where, std::vector<Problem>& problems,
                         const Interpolator& interpolator) const {
    return SectionValidator(*this, interpolator, problems).run(section, where);
}

Section Schema::validate(const YAML::Node& section, const Location& where, const Interpolator& interpolator) const {
    std::vector<Problem> problems;
    Section result = validate(section, where, problems, interpolator);
    if (!problems.empty()) throw ConfigError(std::move(problems));
    return result;
}

std::string Schema::describe() const {
    if (options_.empty()) return "(no options)\n";
    std::string text;
    for (const OptionSpec& spec : options_) {
        text += spec.name + " (" + spec.type_name();
        if (spec.required)
            text += ", required";
        else if (spec.default_text)
            text += ", default " + spec.format(spec.default_value);
        else
            text += ", optional";
        if (spec.has_range()) text += ", " + spec.range_text();
        if (!spec.choices.empty()) text += ", one of " + choices_text(spec, "|", "");
        text += ")\n";
        if (!spec.doc.empty()) text += "    " + spec.doc + "\n";
    }
    return text;
}

std::string Schema::describe_markdown() const {
    std::string text = "| Option | Type | Default | Description |\n|---|---|---|---|\n";
    for (const OptionSpec& spec : options_) {
        std::string default_cell = spec.required       ? "*required*"
                                   : spec.default_text ? "`" + spec.format(spec.default_value) + "`"
                                                       : "";
        std::string description = spec.doc;
        auto append = [&description](const std::string& part) {
            description += (description.empty() ? "" : "; ") + part;
        };
        if (spec.has_range()) append("range " + spec.range_text());
        if (!spec.choices.empty()) append("one of " + choices_text(spec, ", ", "`"));
        text += "| `" + spec.name + "` | " + spec.type_name() + " | " + markdown_cell(default_cell) + " | " +
                markdown_cell(description) + " |\n";
    }
    return text;
}

}  // namespace switchboard::config
