#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace switchboard::tests::abi {

// A fresh directory under the system temp dir, removed with its contents on
// destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const noexcept { return path_; }

    // Writes `content` to `name` inside the directory and returns its path.
    std::filesystem::path write(const std::string& name, std::string_view content) const;

private:
    std::filesystem::path path_;
};

}  // namespace switchboard::tests::abi
