#include "switchboard/files/upload.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace switchboard::files {

namespace {
void sync_directory(const std::filesystem::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}
}  // namespace

Upload::Upload(std::string token, std::string uploader_id, std::string content_type, std::string filename,
               std::filesystem::path temp_path, int fd, uint64_t max_size)
    : token_(std::move(token)),
      uploader_id_(std::move(uploader_id)),
      content_type_(std::move(content_type)),
      filename_(std::move(filename)),
      temp_path_(std::move(temp_path)),
      fd_(fd),
      max_size_(max_size) {}

Upload::~Upload() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) {
        std::error_code ignored;
        std::filesystem::remove(temp_path_, ignored);
    }
}

sb_status Upload::write(std::string_view data, std::string* problem) {
    if (failed_ || fd_ < 0) {
        *problem = "the upload already failed";
        return SB_ERR_BAD_REQUEST;
    }
    if (data.size() > max_size_ - size_) {
        failed_ = true;
        *problem = "the file is larger than attachments.max_size (" + std::to_string(max_size_) + " bytes)";
        return SB_ERR_TOO_LARGE;
    }
    hash_.update(data);
    while (!data.empty()) {
        ssize_t n = ::write(fd_, data.data(), data.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            failed_ = true;
            *problem = std::string("cannot write the upload: ") + std::strerror(errno);
            return SB_ERR_UNAVAILABLE;
        }
        size_ += static_cast<uint64_t>(n);
        data.remove_prefix(static_cast<size_t>(n));
    }
    return SB_OK;
}

std::string Upload::seal() {
    if (failed_) throw std::runtime_error("the upload failed");
    if (::fdatasync(fd_) != 0) throw std::runtime_error(std::string("cannot sync the upload: ") + std::strerror(errno));
    ::close(fd_);
    fd_ = -1;
    return hash_.finish_hex();
}

void Upload::commit(const std::filesystem::path& path) {
    std::filesystem::create_directories(path.parent_path());
    std::filesystem::rename(temp_path_, path);
    committed_ = true;
    sync_directory(path.parent_path());
}

}  // namespace switchboard::files
