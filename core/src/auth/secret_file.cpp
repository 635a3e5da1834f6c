#include "switchboard/auth/secret_file.hpp"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "hex.hpp"
#include "openssl_handles.hpp"
#include "switchboard/auth/jwt_signer.hpp"

namespace switchboard::auth {

namespace {

constexpr std::size_t kGeneratedBytes = 32;

[[noreturn]] void throw_errno(const std::string& what, const std::filesystem::path& path) {
    throw std::runtime_error(what + " " + path.string() + ": " + std::strerror(errno));
}

std::string read_secret(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        throw std::runtime_error("cannot open JWT secret file " + path.string());
    }
    std::ostringstream content;
    content << file.rdbuf();
    std::string secret = content.str();
    // Editors and `echo` add a newline that is not part of the secret.
    secret.erase(secret.find_last_not_of(" \t\r\n") + 1);
    if (secret.size() < JwtSigner::kMinSecretBytes) {
        throw std::runtime_error("JWT secret file " + path.string() + " holds " + std::to_string(secret.size()) +
                                 " bytes; at least " + std::to_string(JwtSigner::kMinSecretBytes) + " are required");
    }
    const auto permissions = std::filesystem::status(path).permissions();
    using std::filesystem::perms;
    if ((permissions & (perms::group_all | perms::others_all)) != perms::none) {
        spdlog::warn("JWT secret file {} is accessible by group or others; chmod 600 it", path.string());
    }
    return secret;
}

void write_all(int fd, std::string_view data, const std::filesystem::path& path) {
    while (!data.empty()) {
        const ssize_t written = ::write(fd, data.data(), data.size());
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw_errno("cannot write", path);
        }
        data.remove_prefix(static_cast<std::size_t>(written));
    }
}

// Makes the rename itself durable, not only the file's content.
void sync_directory(const std::filesystem::path& directory) {
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        throw_errno("cannot open directory", directory);
    }
    const int result = ::fsync(fd);
    ::close(fd);
    if (result != 0) {
        throw_errno("cannot sync directory", directory);
    }
}

std::string create_secret(const std::filesystem::path& path) {
    std::array<unsigned char, kGeneratedBytes> random{};
    if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
        throw std::runtime_error("random generator failed: " + openssl::drain_errors());
    }
    const std::string secret = hex::encode(random.data(), random.size());

    const std::filesystem::path directory = path.has_parent_path() ? path.parent_path() : ".";
    std::filesystem::create_directories(directory);
    std::string temporary = (directory / ("." + path.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkostemp(temporary.data(), O_CLOEXEC);
    if (fd < 0) {
        throw_errno("cannot create a temporary file next to", path);
    }
    bool descriptor_open = true;
    try {
        if (::fchmod(fd, S_IRUSR | S_IWUSR) != 0) {
            throw_errno("cannot chmod", temporary);
        }
        write_all(fd, secret + "\n", temporary);
        if (::fsync(fd) != 0) {
            throw_errno("cannot sync", temporary);
        }
        // Linux releases the descriptor even when close fails: never close it twice.
        descriptor_open = false;
        if (::close(fd) != 0) {
            throw_errno("cannot close", temporary);
        }
    } catch (...) {
        if (descriptor_open) {
            ::close(fd);
        }
        ::unlink(temporary.c_str());
        throw;
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        const int rename_errno = errno;
        ::unlink(temporary.c_str());
        errno = rename_errno;
        throw_errno("cannot move the new JWT secret into", path);
    }
    sync_directory(directory);
    spdlog::info("generated a new JWT secret in {}", path.string());
    return secret;
}

}  // namespace

std::string SecretFile::load_or_create(const std::filesystem::path& path) {
    // Two threads starting at once must not each generate a different secret.
    static std::mutex mutex;
    const std::lock_guard lock(mutex);
    std::error_code error;
    const std::filesystem::file_status status = std::filesystem::status(path, error);
    if (std::filesystem::exists(status)) {
        if (!std::filesystem::is_regular_file(status)) {
            throw std::runtime_error("JWT secret path " + path.string() + " is not a regular file");
        }
        return read_secret(path);
    }
    if (error && error != std::errc::no_such_file_or_directory) {
        throw std::runtime_error("cannot stat JWT secret file " + path.string() + ": " + error.message());
    }
    return create_secret(path);
}

}  // namespace switchboard::auth
