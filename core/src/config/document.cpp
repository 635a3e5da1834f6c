#include "switchboard/config/document.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "switchboard/config/config_error.hpp"

namespace switchboard::config {

Document::Document(std::string file, YAML::Node root) : file_(std::move(file)), root_(std::move(root)) {}

Document Document::load_file(const std::filesystem::path& path) {
    std::error_code ignored;
    // An ifstream opens a directory and then reads nothing: it would pass for an empty file.
    if (std::filesystem::is_directory(path, ignored))
        throw ConfigError(Problem{path.string(), 0, 0, "", "cannot read: it is a directory"});
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(Problem{path.string(), 0, 0, "", std::string("cannot open: ") + std::strerror(errno)});
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
        throw ConfigError(Problem{path.string(), 0, 0, "", std::string("cannot read: ") + std::strerror(errno)});
    return parse(text.str(), path.string());
}

Document Document::parse(std::string_view text, std::string file) {
    Location whole{file, 0, 0, ""};
    std::vector<YAML::Node> documents;
    try {
        documents = YAML::LoadAll(std::string(text));
    } catch (const YAML::Exception& e) {
        throw ConfigError(Problem::at(whole.at(e.mark, ""), "YAML syntax error: " + e.msg));
    }
    if (documents.size() > 1)
        throw ConfigError(Problem::at(whole.at(documents[1].Mark(), ""),
                                      "a second YAML document; the configuration is a single document"));
    YAML::Node root = documents.empty() ? YAML::Node(YAML::NodeType::Null) : documents.front();
    return Document(std::move(file), std::move(root));
}

Location Document::location() const {
    return Location{file_, 0, 0, ""};
}

}  // namespace switchboard::config
