#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "switchboard/abi.h"
#include "switchboard/files/sha256_stream.hpp"

namespace switchboard::files {

// One file being uploaded: a temporary file written and hashed as the bytes
// come (on the transport's thread). It removes its temporary file unless
// commit() moved it in place.
class Upload {
public:
    Upload(std::string token, std::string uploader_id, std::string content_type, std::string filename,
           std::filesystem::path temp_path, int fd, uint64_t max_size);
    ~Upload();
    Upload(const Upload&) = delete;
    Upload& operator=(const Upload&) = delete;

    // SB_OK, SB_ERR_TOO_LARGE past max_size, SB_ERR_UNAVAILABLE on a write
    // error; `problem` says which.
    sb_status write(std::string_view data, std::string* problem);
    // Makes the data durable and closes the file; returns the content's
    // SHA-256. Throws std::runtime_error on a disk error.
    std::string seal();
    // Moves the sealed file to `path` (durably: the directory is synced too).
    void commit(const std::filesystem::path& path);

    const std::string& token() const noexcept { return token_; }
    const std::string& uploader_id() const noexcept { return uploader_id_; }
    const std::string& content_type() const noexcept { return content_type_; }
    const std::string& filename() const noexcept { return filename_; }
    const std::filesystem::path& temp_path() const noexcept { return temp_path_; }
    uint64_t size() const noexcept { return size_; }

private:
    std::string token_;
    std::string uploader_id_;
    std::string content_type_;
    std::string filename_;
    std::filesystem::path temp_path_;
    int fd_;
    uint64_t max_size_;
    uint64_t size_ = 0;
    bool failed_ = false;
    bool committed_ = false;
    Sha256Stream hash_;
};

}  // namespace switchboard::files
