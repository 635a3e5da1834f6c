#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

namespace switchboard::config {

// Where something sits in a configuration file: the file, a 1-based line and
// column (0 when unknown) and the key path from the top of the file, such as
// "plugins[1].config.tls.cert_file".
struct Location {
    std::string file;
    int line = 0;
    int column = 0;
    std::string key_path;

    // The same file at `mark` under `key_path`; keeps this line and column
    // when the parser gave no mark (an empty document, a default value).
    Location at(const YAML::Mark& mark, std::string key_path) const;

    // The same position, one key deeper: "auth" + "issuer" -> "auth.issuer".
    Location key(const std::string& name) const;

    friend bool operator==(const Location&, const Location&) = default;
};

// "a.b" + "c" -> "a.b.c"; "" + "c" -> "c".
std::string join_key(const std::string& key_path, const std::string& name);

// "plugins" + 2 -> "plugins[2]".
std::string join_index(const std::string& key_path, size_t index);

}  // namespace switchboard::config
