#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "switchboard/sdk/testing/test_host.hpp"

namespace switchboard::conformance::storage {

// Which storage plugin the suite runs against and how each test gets a fresh
// database, from these variables:
//   SB_STORAGE_PLUGIN          path of the plugin .so (required)
//   SB_STORAGE_CONFIG          its options, "key=value;key=value"
//   SB_STORAGE_FRESH_COMMAND   optional shell command run before each test
//   SB_STORAGE_CLEANUP_COMMAND optional shell command run after each test
// each taken from the environment, or else from the file SB_STORAGE_ENV_FILE
// names ("NAME=value" lines, '#' comments), which is how ctest runs register
// a plugin (CMake lists cannot carry several variables or a ';').
// In the options and the commands, {tmpdir} becomes an empty directory made
// for the test (removed after it) and {test} a name unique to the test run:
//   SB_STORAGE_CONFIG="path={tmpdir}/switchboard.db;reader_threads=2"     (sqlite)
//   SB_STORAGE_CONFIG="url=postgresql://switchboard@127.0.0.1:5432/switchboard;schema={test}"  (postgres)
//   SB_STORAGE_CLEANUP_COMMAND="psql URL -c 'DROP SCHEMA IF EXISTS {test} CASCADE'"
class StorageBackend {
public:
    // nullptr with `problem` set when the environment does not name a plugin.
    static std::unique_ptr<StorageBackend> from_environment(std::string* problem);

    ~StorageBackend();
    StorageBackend(const StorageBackend&) = delete;
    StorageBackend& operator=(const StorageBackend&) = delete;

    // Sets up a fresh database for the test; throws when the fresh command fails.
    void prepare(const std::string& test_name);
    // A started plugin instance on the prepared database.
    std::unique_ptr<sdk::testing::TestHost> start() const;
    // Runs the cleanup command and removes the test's directory.
    void cleanup();

    const std::string& plugin_path() const { return plugin_path_; }

private:
    StorageBackend() = default;
    std::string expand(const std::string& text) const;
    static void run(const std::string& command);

    std::string plugin_path_;
    std::vector<std::pair<std::string, std::string>> config_;
    std::string fresh_command_;
    std::string cleanup_command_;
    std::filesystem::path tmpdir_;
    std::string test_name_;
};

}  // namespace switchboard::conformance::storage
