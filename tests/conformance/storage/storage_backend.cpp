#include "storage_backend.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <stdexcept>

namespace switchboard::conformance::storage {

namespace {

void replace_all(std::string& text, const std::string& from, const std::string& to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

// A name usable as a file name or an SQL identifier: lower-case letters,
// digits and underscores, at most 63 characters (PostgreSQL's limit).
std::string identifier_for(const std::string& test_name) {
    static std::atomic<int> counter{0};
    std::string suffix = "_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
    std::string name = "sb_";
    for (char c : test_name)
        name += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
    if (name.size() + suffix.size() > 63) name.resize(63 - suffix.size());
    return name + suffix;
}

// The SB_STORAGE_* variables: the environment's, else SB_STORAGE_ENV_FILE's.
class Variables {
public:
    bool load(std::string* problem) {
        const char* path = std::getenv("SB_STORAGE_ENV_FILE");
        if (!path || !*path) return true;
        std::ifstream lines(path);
        if (!lines) {
            *problem = std::string("cannot read SB_STORAGE_ENV_FILE ") + path;
            return false;
        }
        for (std::string line; std::getline(lines, line);) {
            if (line.empty() || line.front() == '#') continue;
            size_t equals = line.find('=');
            if (equals == std::string::npos) {
                *problem = std::string(path) + ": line '" + line + "' is not NAME=value";
                return false;
            }
            from_file_[line.substr(0, equals)] = line.substr(equals + 1);
        }
        return true;
    }
    std::string get(const char* name) const {
        if (const char* value = std::getenv(name)) return value;
        auto it = from_file_.find(name);
        return it == from_file_.end() ? "" : it->second;
    }

private:
    std::map<std::string, std::string> from_file_;
};

}  // namespace

std::unique_ptr<StorageBackend> StorageBackend::from_environment(std::string* problem) {
    Variables variables;
    if (!variables.load(problem)) return nullptr;
    std::unique_ptr<StorageBackend> backend(new StorageBackend);
    backend->plugin_path_ = variables.get("SB_STORAGE_PLUGIN");
    if (backend->plugin_path_.empty()) {
        *problem = "set SB_STORAGE_PLUGIN to the storage plugin to test (and SB_STORAGE_CONFIG to its options)";
        return nullptr;
    }
    std::string config = variables.get("SB_STORAGE_CONFIG");
    for (size_t start = 0, end = 0; start < config.size(); start = end + 1) {
        end = config.find(';', start);
        if (end == std::string::npos) end = config.size();
        std::string entry = config.substr(start, end - start);
        if (entry.empty()) continue;
        size_t equals = entry.find('=');
        if (equals == std::string::npos) {
            *problem = "SB_STORAGE_CONFIG entry '" + entry + "' is not key=value";
            return nullptr;
        }
        backend->config_.emplace_back(entry.substr(0, equals), entry.substr(equals + 1));
    }
    backend->fresh_command_ = variables.get("SB_STORAGE_FRESH_COMMAND");
    backend->cleanup_command_ = variables.get("SB_STORAGE_CLEANUP_COMMAND");
    return backend;
}

StorageBackend::~StorageBackend() {
    try {
        cleanup();
    } catch (const std::exception&) {
        // A failing cleanup command was already reported by the test's TearDown.
    }
}

std::string StorageBackend::expand(const std::string& text) const {
    std::string result = text;
    replace_all(result, "{tmpdir}", tmpdir_.string());
    replace_all(result, "{test}", test_name_);
    return result;
}

void StorageBackend::run(const std::string& command) {
    int status = std::system(command.c_str());
    if (status != 0) throw std::runtime_error("command failed (" + std::to_string(status) + "): " + command);
}

void StorageBackend::prepare(const std::string& test_name) {
    test_name_ = identifier_for(test_name);
    std::string pattern = (std::filesystem::temp_directory_path() / (test_name_ + "_XXXXXX")).string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
    tmpdir_ = pattern;
    if (!fresh_command_.empty()) run(expand(fresh_command_));
}

std::unique_ptr<sdk::testing::TestHost> StorageBackend::start() const {
    auto host = std::make_unique<sdk::testing::TestHost>(plugin_path_);
    for (const auto& [key, value] : config_) host->set(key, expand(value));
    host->create_and_start();
    return host;
}

void StorageBackend::cleanup() {
    if (tmpdir_.empty()) return;
    if (!cleanup_command_.empty()) run(expand(cleanup_command_));
    std::error_code ignored;
    std::filesystem::remove_all(tmpdir_, ignored);
    tmpdir_.clear();
}

}  // namespace switchboard::conformance::storage
