#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "switchboard/config/interpolator.hpp"
#include "switchboard/config/location.hpp"
#include "switchboard/config/problem.hpp"
#include "switchboard/config/schema.hpp"
#include "switchboard/config/section.hpp"

namespace switchboard::config {

// One validation of a YAML section against a Schema: walks the mapping (and
// the nested mappings of dotted names), reads each value for its option's
// type, and gathers every problem on the way.
class SectionValidator {
public:
    SectionValidator(const Schema& schema, const Interpolator& interpolator, std::vector<Problem>& problems);

    Section run(const YAML::Node& section, const Location& where);

private:
    void walk(const YAML::Node& mapping, const std::string& group, const Location& where);
    void read(const OptionSpec& spec, const YAML::Node& value, const Location& key_location);
    void read_list(const OptionSpec& spec, const YAML::Node& value, const Location& value_location);
    void unknown_key(const std::string& key, const std::string& group, const Location& key_location);
    void check_required(const Location& where);
    void add(const Location& where, std::string message);

    const Schema& schema_;
    const Interpolator& interpolator_;
    std::vector<Problem>& problems_;
    Section::Entries entries_;
    std::set<std::string> given_;                      // options that had a non-null value
    std::map<std::string, Location> null_keys_;        // options written with no value
    std::map<std::string, Location> group_locations_;  // nested mappings seen, by dotted prefix
};

}  // namespace switchboard::config
