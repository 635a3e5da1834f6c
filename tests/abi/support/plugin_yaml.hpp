#pragma once

#include <string>

namespace switchboard::tests::abi {

// One item of a `plugins:` list naming its shared object by `file:`; `config`
// is the body of its config mapping, indented by six spaces per line.
inline std::string plugin_entry(const std::string& id, const std::string& file, const std::string& config = "") {
    std::string yaml = "  - id: " + id + "\n    file: " + file + "\n";
    if (!config.empty()) yaml += "    config:\n" + config;
    return yaml;
}

}  // namespace switchboard::tests::abi
