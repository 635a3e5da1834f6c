#include "switchboard/files/thumbnailer.hpp"

#include <vips/vips.h>

#include <mutex>
#include <spdlog/spdlog.h>
#include <stdexcept>

namespace switchboard::files {

namespace {

void start_vips_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (VIPS_INIT("switchboard") != 0) throw std::runtime_error("libvips failed to start");
        // Uploads are untrusted: only the loaders libvips fuzzes, no operation cache, one worker per image.
        vips_block_untrusted_set(TRUE);
        vips_cache_set_max(0);
        vips_concurrency_set(1);
    });
}

// Drops libvips' per-thread error text so the next failure reports its own.
std::string take_vips_error() {
    std::string text = vips_error_buffer();
    vips_error_clear();
    return text;
}

struct ImageRef {
    VipsImage* image = nullptr;
    ~ImageRef() {
        if (image) g_object_unref(image);
    }
};

}  // namespace

Thumbnailer::Thumbnailer(uint32_t max_side, uint64_t max_pixels) : max_side_(max_side), max_pixels_(max_pixels) {
    start_vips_once();
}

bool Thumbnailer::handles(const std::string& media_type) {
    return media_type == "image/jpeg" || media_type == "image/png" || media_type == "image/webp" ||
           media_type == "image/gif";
}

std::optional<Thumbnailer::ImageInfo> Thumbnailer::probe(const std::filesystem::path& file) const {
    ImageRef ref;
    ref.image = vips_image_new_from_file(file.c_str(), "access", VIPS_ACCESS_SEQUENTIAL, nullptr);
    if (!ref.image) {
        spdlog::debug("not an image: {}: {}", file.string(), take_vips_error());
        return std::nullopt;
    }
    ImageInfo info;
    info.width = static_cast<uint32_t>(vips_image_get_width(ref.image));
    info.height = static_cast<uint32_t>(vips_image_get_height(ref.image));
    info.has_alpha = vips_image_hasalpha(ref.image) != 0;
    int orientation = 1;
    if (vips_image_get_typeof(ref.image, VIPS_META_ORIENTATION) &&
        vips_image_get_int(ref.image, VIPS_META_ORIENTATION, &orientation) == 0 && orientation >= 5 && orientation <= 8)
        std::swap(info.width, info.height);
    return info;
}

std::optional<std::filesystem::path> Thumbnailer::make(const std::filesystem::path& source, const ImageInfo& info,
                                                       const std::filesystem::path& target_stem) const {
    if (max_side_ == 0 || info.width == 0 || info.height == 0) return std::nullopt;
    if (static_cast<uint64_t>(info.width) * info.height > max_pixels_) return std::nullopt;
    ImageRef thumbnail;
    if (vips_thumbnail(source.c_str(), &thumbnail.image, static_cast<int>(max_side_), "height",
                       static_cast<int>(max_side_), "size", VIPS_SIZE_DOWN, nullptr) != 0) {
        spdlog::warn("no thumbnail for {}: {}", source.string(), take_vips_error());
        return std::nullopt;
    }
    std::filesystem::path target = target_stem;
    int saved;
    if (info.has_alpha) {
        target += ".png";
        saved = vips_pngsave(thumbnail.image, target.c_str(), "compression", 6, "strip", TRUE, nullptr);
    } else {
        target += ".jpg";
        saved = vips_jpegsave(thumbnail.image, target.c_str(), "Q", 80, "strip", TRUE, nullptr);
    }
    if (saved != 0) {
        spdlog::warn("thumbnail of {} not written: {}", source.string(), take_vips_error());
        std::error_code ignored;
        std::filesystem::remove(target, ignored);
        return std::nullopt;
    }
    return target;
}

}  // namespace switchboard::files
