#include "static_files.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "mime_types.hpp"

namespace switchboard::plugins::transport_http {
namespace {

std::string header_of(const Reply& r, const std::string& name) {
    auto it = std::find_if(r.headers.begin(), r.headers.end(), [&](const auto& h) { return h.first == name; });
    return it == r.headers.end() ? std::string() : it->second;
}

class StaticFilesTest : public ::testing::Test {
protected:
    void SetUp() override {
        base_ = std::filesystem::temp_directory_path() / ("sb-static-" + std::to_string(::getpid()));
        std::filesystem::create_directories(base_ / "web" / "sdk");
        std::ofstream(base_ / "web" / "index.html") << "<!doctype html>";
        std::ofstream(base_ / "web" / "sdk" / "client.js") << "export {}";
        std::ofstream(base_ / "secret.txt") << "outside";
        std::filesystem::create_symlink(base_ / "secret.txt", base_ / "web" / "link.txt");
        root_ = std::filesystem::canonical(base_ / "web").string();
    }
    void TearDown() override { std::filesystem::remove_all(base_); }
    Reply serve(std::string_view path, std::optional<std::string_view> inm = std::nullopt) {
        Reply r = StaticFiles(root_, std::chrono::seconds(3600)).serve(path, inm);
        if (r.fd >= 0) ::close(r.fd);
        return r;
    }

    std::filesystem::path base_;
    std::string root_;
};

TEST_F(StaticFilesTest, IndexForTheRootWithNoCache) {
    Reply r = serve("/");
    EXPECT_EQ(r.status, 200u);
    EXPECT_EQ(header_of(r, "Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(header_of(r, "Cache-Control"), "no-cache");
    EXPECT_EQ(r.length, 15u);
    EXPECT_FALSE(header_of(r, "ETag").empty());
}

TEST_F(StaticFilesTest, OtherFilesAreCachedAndRevalidatedByETag) {
    Reply r = serve("/sdk/client.js");
    EXPECT_EQ(r.status, 200u);
    EXPECT_EQ(header_of(r, "Content-Type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(header_of(r, "Cache-Control"), "public, max-age=3600");
    Reply again = serve("/sdk/client.js", header_of(r, "ETag"));
    EXPECT_EQ(again.status, 304u);
    EXPECT_EQ(again.fd, -1);
}

TEST_F(StaticFilesTest, NothingOutsideTheDirectory) {
    EXPECT_EQ(serve("/../secret.txt").status, 400u);
    EXPECT_EQ(serve("/sdk/../../secret.txt").status, 400u);
    EXPECT_EQ(serve("/link.txt").status, 404u);  // a symbolic link leading out
    EXPECT_EQ(serve("/missing.js").status, 404u);
    EXPECT_EQ(serve("/sdk\\..\\..\\secret.txt").status, 400u);
}

TEST(MimeTypes, ByExtension) {
    EXPECT_EQ(mime_type_for("a.CSS"), "text/css; charset=utf-8");
    EXPECT_EQ(mime_type_for("x.wasm"), "application/wasm");
    EXPECT_EQ(mime_type_for("x.svg"), "image/svg+xml");
    EXPECT_EQ(mime_type_for("noext"), "application/octet-stream");
}

TEST(ETag, Matching) {
    EXPECT_TRUE(etag_matches("\"a\"", "\"a\""));
    EXPECT_TRUE(etag_matches("W/\"a\", \"b\"", "\"a\""));
    EXPECT_TRUE(etag_matches("*", "\"x\""));
    EXPECT_FALSE(etag_matches("\"b\"", "\"a\""));
}

}  // namespace
}  // namespace switchboard::plugins::transport_http
