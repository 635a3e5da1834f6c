#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace switchboard::files {

// Image sizes and thumbnails with libvips. Thread-safe; slow (decodes
// images): run it off the kernel and I/O threads.
class Thumbnailer {
public:
    struct ImageInfo {
        uint32_t width = 0;   // as displayed: EXIF rotation applied
        uint32_t height = 0;
        bool has_alpha = false;
    };

    // Starts libvips once per process; `max_side` 0 makes no thumbnails.
    Thumbnailer(uint32_t max_side, uint64_t max_pixels);

    // Reads the header of an image file; nullopt when it is not an image libvips reads.
    std::optional<ImageInfo> probe(const std::filesystem::path& file) const;
    // Writes a thumbnail of `source` (longest side max_side, never enlarged)
    // to `target_stem` + ".jpg", or ".png" for an image with transparency.
    // Returns the file written, or nullopt when there is none to make (too
    // many pixels, thumbnails off, a decoding error).
    std::optional<std::filesystem::path> make(const std::filesystem::path& source, const ImageInfo& info,
                                              const std::filesystem::path& target_stem) const;

    // Whether `media_type` is one of the image formats thumbnails are made for.
    static bool handles(const std::string& media_type);

private:
    uint32_t max_side_;
    uint64_t max_pixels_;
};

}  // namespace switchboard::files
