#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "switchboard/config/location.hpp"

namespace switchboard::config {

// A parsed YAML configuration file. Its nodes keep their line and column marks
// for messages; variables in values are expanded later, when a schema reads them.
class Document {
public:
    // Both throw ConfigError when the text cannot be read or is not valid YAML
    // (with the parser's line, column and message), or holds several documents.
    static Document load_file(const std::filesystem::path& path);
    static Document parse(std::string_view text, std::string file);

    const std::string& file() const noexcept { return file_; }
    // Null for an empty file.
    const YAML::Node& root() const noexcept { return root_; }
    // The whole file, for problems that concern no particular key.
    Location location() const;

private:
    Document(std::string file, YAML::Node root);

    std::string file_;
    YAML::Node root_;
};

}  // namespace switchboard::config
