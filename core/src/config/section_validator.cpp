#include "section_validator.hpp"

#include "node_description.hpp"
#include "switchboard/config/suggestion.hpp"

namespace switchboard::config {

namespace {

std::string last_segment(const std::string& name) {
    size_t dot = name.rfind('.');
    return dot == std::string::npos ? name : name.substr(dot + 1);
}

}  // namespace

SectionValidator::SectionValidator(const Schema& schema, const Interpolator& interpolator,
                                   std::vector<Problem>& problems)
    : schema_(schema), interpolator_(interpolator), problems_(problems) {}

Section SectionValidator::run(const YAML::Node& section, const Location& where) {
    for (const OptionSpec& spec : schema_.options())
        entries_[spec.name] = Section::Entry{spec.type, spec.default_value, where.key(spec.name)};
    group_locations_[""] = where;
    if (section.IsDefined() && !section.IsNull() && !section.IsMap()) {
        // Missing keys would only repeat this one problem.
        add(where.at(section.Mark(), where.key_path), "expected a mapping, got " + describe_node(section));
        return Section(std::move(entries_), where);
    }
    if (section.IsMap()) walk(section, "", where);
    check_required(where);
    return Section(std::move(entries_), where);
}

void SectionValidator::walk(const YAML::Node& mapping, const std::string& group, const Location& where) {
    std::set<std::string> seen;
    for (const auto& pair : mapping) {
        const YAML::Node& key = pair.first;
        const YAML::Node& value = pair.second;
        if (!key.IsScalar()) {
            add(where.at(key.Mark(), where.key_path), "a key must be a plain word, got " + describe_node(key));
            continue;
        }
        const std::string& name = key.Scalar();
        Location key_location = where.at(key.Mark(), join_key(where.key_path, name));
        if (!seen.insert(name).second) {
            add(key_location, "duplicate key '" + name + "'");
            continue;
        }
        std::string full = join_key(group, name);
        if (name.find('.') != std::string::npos) {
            unknown_key(name, group, key_location);
        } else if (const OptionSpec* spec = schema_.find(full)) {
            read(*spec, value, key_location);
        } else if (schema_.is_group(full)) {
            group_locations_[full] = key_location;
            if (value.IsMap())
                walk(value, full, key_location);
            else if (!value.IsNull())
                add(key_location.at(value.Mark(), key_location.key_path),
                    "expected a mapping, got " + describe_node(value));
        } else {
            unknown_key(name, group, key_location);
        }
    }
}

void SectionValidator::read(const OptionSpec& spec, const YAML::Node& value, const Location& key_location) {
    if (value.IsNull()) {
        null_keys_[spec.name] = key_location;
        return;
    }
    given_.insert(spec.name);
    Location value_location = key_location.at(value.Mark(), key_location.key_path);
    if (spec.type == SB_OPT_STRING_LIST) {
        read_list(spec, value, value_location);
        return;
    }
    if (!value.IsScalar()) {
        add(value_location, "expected " + spec.expected() + ", got " + describe_node(value));
        return;
    }
    std::optional<std::string> text = interpolator_.expand_scalar(value, value_location, problems_);
    if (!text) return;
    std::string error;
    Value parsed;
    if (!spec.parse_scalar(*text, parsed, error)) {
        add(value_location, error);
        return;
    }
    Section::Entry& entry = entries_[spec.name];
    entry.value = std::move(parsed);
    entry.origin = value_location;
}

void SectionValidator::read_list(const OptionSpec& spec, const YAML::Node& value, const Location& value_location) {
    if (!value.IsSequence()) {
        add(value_location, "expected " + spec.expected() + ", got " + describe_node(value) +
                                (value.IsScalar() ? "; write [" + value.Scalar() + "] for a list of one" : ""));
        return;
    }
    std::vector<std::string> items;
    bool valid = true;
    size_t i = 0;
    for (const YAML::Node& item : value) {
        Location item_location = value_location.at(item.Mark(), join_index(value_location.key_path, i++));
        if (!item.IsScalar()) {
            add(item_location, "expected a string, got " + describe_node(item));
            valid = false;
            continue;
        }
        std::optional<std::string> text = interpolator_.expand_scalar(item, item_location, problems_);
        std::string error;
        if (!text) {
            valid = false;
        } else if (!spec.accepts_item(*text, error)) {
            add(item_location, error);
            valid = false;
        } else {
            items.push_back(std::move(*text));
        }
    }
    if (!valid) return;
    Section::Entry& entry = entries_[spec.name];
    entry.value = std::move(items);
    entry.origin = value_location;
}

void SectionValidator::unknown_key(const std::string& key, const std::string& group, const Location& key_location) {
    std::string full = join_key(group, key);
    if (key.find('.') != std::string::npos && (schema_.find(full) || schema_.is_group(full))) {
        size_t dot = key.find('.');
        add(key_location, "unknown key '" + key + "'; dotted names are nested mappings: write '" + key.substr(0, dot) +
                              ":' with '" + key.substr(dot + 1) + ":' indented under it");
        return;
    }
    // The same word in another mapping of the section is a likelier fix than a typo.
    for (const OptionSpec& spec : schema_.options()) {
        if (last_segment(spec.name) == key && spec.name != full) {
            add(key_location, "unknown key '" + key + "'; did you mean '" + spec.name + "'?");
            return;
        }
    }
    add(key_location, "unknown key '" + key + "'" + did_you_mean(key, schema_.keys_under(group)));
}

void SectionValidator::check_required(const Location& where) {
    for (const OptionSpec& spec : schema_.options()) {
        if (!spec.required || given_.contains(spec.name)) continue;
        std::string key_path = join_key(where.key_path, spec.name);
        if (auto null_key = null_keys_.find(spec.name); null_key != null_keys_.end()) {
            add(null_key->second, "required key '" + last_segment(spec.name) + "' has no value");
            continue;
        }
        // Point at the deepest mapping on the option's path that the file has.
        Location at = where;
        for (std::string group = spec.name; !group.empty();) {
            size_t dot = group.rfind('.');
            group = dot == std::string::npos ? "" : group.substr(0, dot);
            if (auto found = group_locations_.find(group); found != group_locations_.end()) {
                at = found->second;
                break;
            }
        }
        at.key_path = key_path;
        add(at, "missing required key '" + last_segment(spec.name) + "'");
    }
}

void SectionValidator::add(const Location& where, std::string message) {
    problems_.push_back(Problem::at(where, std::move(message)));
}

}  // namespace switchboard::config
