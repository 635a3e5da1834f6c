#include "switchboard/files/upload.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "switchboard/files/sha256_stream.hpp"

namespace switchboard::files {
namespace {

class UploadTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("sb-upload-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::unique_ptr<Upload> make(uint64_t max_size) {
        std::string path = (dir_ / "upload-XXXXXX").string();
        int fd = ::mkostemp(path.data(), O_CLOEXEC);
        temp_ = path;
        return std::make_unique<Upload>("token", "u_1", "text/plain", "a.txt", path, fd, max_size);
    }
    static std::string read(const std::filesystem::path& path) {
        std::ifstream in(path, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }

    std::filesystem::path dir_;
    std::filesystem::path temp_;
};

TEST(Sha256Stream, KnownDigests) {
    Sha256Stream empty;
    EXPECT_EQ(empty.finish_hex(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    Sha256Stream abc;
    abc.update("a");
    abc.update("bc");
    EXPECT_EQ(abc.finish_hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(UploadTest, WritesHashesAndCommits) {
    auto upload = make(100);
    std::string problem;
    ASSERT_EQ(upload->write("ab", &problem), SB_OK);
    ASSERT_EQ(upload->write("c", &problem), SB_OK);
    EXPECT_EQ(upload->size(), 3u);
    EXPECT_EQ(upload->seal(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    upload->commit(dir_ / "xy" / "a_1");
    upload.reset();
    EXPECT_EQ(read(dir_ / "xy" / "a_1"), "abc");
    EXPECT_FALSE(std::filesystem::exists(temp_));
}

TEST_F(UploadTest, StopsAtTheLimitAndRemovesItsTemporaryFile) {
    auto upload = make(4);
    std::string problem;
    ASSERT_EQ(upload->write("abcd", &problem), SB_OK);
    EXPECT_EQ(upload->write("e", &problem), SB_ERR_TOO_LARGE);
    EXPECT_EQ(problem, "the file is larger than attachments.max_size (4 bytes)");
    EXPECT_EQ(upload->write("f", &problem), SB_ERR_BAD_REQUEST);  // nothing after a failure
    EXPECT_THROW(upload->seal(), std::runtime_error);
    EXPECT_TRUE(std::filesystem::exists(temp_));
    upload.reset();
    EXPECT_FALSE(std::filesystem::exists(temp_));
}

}  // namespace
}  // namespace switchboard::files
