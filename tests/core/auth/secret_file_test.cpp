#include "switchboard/auth/secret_file.hpp"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "temporary_directory.hpp"

namespace switchboard::auth {
namespace {

std::string read(const std::filesystem::path& path) {
    std::ifstream file(path);
    std::ostringstream content;
    content << file.rdbuf();
    return content.str();
}

TEST(SecretFile, CreatesTheDirectoryAndAPrivateSecret) {
    const testing::TemporaryDirectory directory;
    const std::filesystem::path path = directory.path() / "data" / "nested" / "jwt_secret";
    const std::string secret = SecretFile::load_or_create(path);

    EXPECT_EQ(secret.size(), 64u);
    EXPECT_EQ(secret.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_EQ(read(path), secret + "\n");
    struct stat info {};
    ASSERT_EQ(::stat(path.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 07777, 0600u);
    // Only the secret is left behind, no temporary file.
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(path.parent_path()),
                            std::filesystem::directory_iterator()),
              1);
}

TEST(SecretFile, ReusesTheSecretOnLaterCalls) {
    const testing::TemporaryDirectory directory;
    const std::filesystem::path path = directory.path() / "jwt_secret";
    const std::string first = SecretFile::load_or_create(path);
    EXPECT_EQ(SecretFile::load_or_create(path), first);
    EXPECT_NE(SecretFile::load_or_create(directory.path() / "other_secret"), first);
}

TEST(SecretFile, ReadsAHandWrittenSecretWithoutTrailingWhitespace) {
    const testing::TemporaryDirectory directory;
    const std::filesystem::path path = directory.path() / "jwt_secret";
    const std::string secret = "  a hand-written secret of more than 32 bytes";
    std::ofstream(path) << secret << " \r\n\n";
    EXPECT_EQ(SecretFile::load_or_create(path), secret);
}

TEST(SecretFile, RefusesAShortSecretOrANonFile) {
    const testing::TemporaryDirectory directory;
    const std::filesystem::path path = directory.path() / "jwt_secret";
    std::ofstream(path) << "short\n";
    EXPECT_THROW(SecretFile::load_or_create(path), std::runtime_error);
    EXPECT_EQ(read(path), "short\n");

    std::filesystem::create_directory(directory.path() / "a_directory");
    EXPECT_THROW(SecretFile::load_or_create(directory.path() / "a_directory"), std::runtime_error);
}

TEST(SecretFile, FailsWhenTheDirectoryCannotBeCreated) {
    const testing::TemporaryDirectory directory;
    const std::filesystem::path blocker = directory.path() / "not_a_directory";
    std::ofstream(blocker) << "a file where the data directory should be";
    EXPECT_THROW(SecretFile::load_or_create(blocker / "jwt_secret"), std::runtime_error);
}

TEST(SecretFile, ConcurrentCallersAgreeOnOneSecret) {
    const testing::TemporaryDirectory directory;
    const std::filesystem::path path = directory.path() / "jwt_secret";
    std::vector<std::string> secrets(4);
    std::vector<std::thread> threads;
    for (std::string& secret : secrets) {
        threads.emplace_back([&] { secret = SecretFile::load_or_create(path); });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    for (const std::string& secret : secrets) {
        EXPECT_EQ(secret, secrets.front());
    }
}

}  // namespace
}  // namespace switchboard::auth
