#include "switchboard/files/thumbnailer.hpp"

#include <gtest/gtest.h>
#include <unistd.h>
#include <vips/vips.h>

#include <filesystem>
#include <fstream>

namespace switchboard::files {
namespace {

class ThumbnailerTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("sb-thumb-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    // A width x height image with `bands` bands (3: RGB, 4: RGBA), saved as PNG.
    std::filesystem::path image(int width, int height, int bands) {
        VipsImage* black = nullptr;
        EXPECT_EQ(vips_black(&black, width, height, "bands", bands, nullptr), 0);
        VipsImage* typed = nullptr;
        EXPECT_EQ(vips_copy(black, &typed, "interpretation", VIPS_INTERPRETATION_sRGB, nullptr), 0);
        std::filesystem::path path = dir_ / ("image-" + std::to_string(bands) + ".png");
        EXPECT_EQ(vips_pngsave(typed, path.c_str(), nullptr), 0);
        g_object_unref(typed);
        g_object_unref(black);
        return path;
    }

    std::filesystem::path dir_;
};

TEST_F(ThumbnailerTest, ProbesAndMakesJpegOrPngThumbnails) {
    Thumbnailer thumbnailer(32, 1'000'000);
    auto info = thumbnailer.probe(image(200, 100, 3));
    ASSERT_TRUE(info);
    EXPECT_EQ(info->width, 200u);
    EXPECT_EQ(info->height, 100u);
    EXPECT_FALSE(info->has_alpha);
    auto made = thumbnailer.make(dir_ / "image-3.png", *info, dir_ / "t1");
    ASSERT_TRUE(made);
    EXPECT_EQ(made->extension(), ".jpg");
    auto thumb = thumbnailer.probe(*made);
    ASSERT_TRUE(thumb);
    EXPECT_EQ(thumb->width, 32u);
    EXPECT_EQ(thumb->height, 16u);

    auto alpha = thumbnailer.probe(image(20, 40, 4));
    ASSERT_TRUE(alpha);
    EXPECT_TRUE(alpha->has_alpha);
    auto png = thumbnailer.make(dir_ / "image-4.png", *alpha, dir_ / "t2");
    ASSERT_TRUE(png);
    EXPECT_EQ(png->extension(), ".png");
    EXPECT_EQ(thumbnailer.probe(*png)->height, 32u);  // never enlarged beyond the image: 20x40 -> 16x32
}

TEST_F(ThumbnailerTest, NoThumbnailForTooManyPixelsOrNonImages) {
    Thumbnailer thumbnailer(32, 100);
    auto info = thumbnailer.probe(image(20, 20, 3));
    ASSERT_TRUE(info);
    EXPECT_FALSE(thumbnailer.make(dir_ / "image-3.png", *info, dir_ / "t"));
    std::ofstream(dir_ / "not-an-image.png") << "hello";
    EXPECT_FALSE(thumbnailer.probe(dir_ / "not-an-image.png"));
    EXPECT_FALSE(Thumbnailer(0, 1000).make(dir_ / "image-3.png", *info, dir_ / "t"));
    EXPECT_TRUE(Thumbnailer::handles("image/webp"));
    EXPECT_FALSE(Thumbnailer::handles("image/svg+xml"));
}

}  // namespace
}  // namespace switchboard::files
