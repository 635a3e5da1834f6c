#include "mime_types.hpp"

#include <array>
#include <cctype>
#include <string>
#include <utility>

namespace switchboard::plugins::transport_http {

std::string_view mime_type_for(std::string_view filename) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 28> kTypes{{
        {"html", "text/html; charset=utf-8"},
        {"htm", "text/html; charset=utf-8"},
        {"js", "text/javascript; charset=utf-8"},
        {"mjs", "text/javascript; charset=utf-8"},
        {"css", "text/css; charset=utf-8"},
        {"json", "application/json"},
        {"map", "application/json"},
        {"webmanifest", "application/manifest+json"},
        {"txt", "text/plain; charset=utf-8"},
        {"md", "text/markdown; charset=utf-8"},
        {"xml", "application/xml"},
        {"svg", "image/svg+xml"},
        {"png", "image/png"},
        {"jpg", "image/jpeg"},
        {"jpeg", "image/jpeg"},
        {"gif", "image/gif"},
        {"webp", "image/webp"},
        {"avif", "image/avif"},
        {"ico", "image/x-icon"},
        {"woff", "font/woff"},
        {"woff2", "font/woff2"},
        {"ttf", "font/ttf"},
        {"otf", "font/otf"},
        {"wasm", "application/wasm"},
        {"mp3", "audio/mpeg"},
        {"ogg", "audio/ogg"},
        {"mp4", "video/mp4"},
        {"webm", "video/webm"},
    }};
    size_t dot = filename.rfind('.');
    if (dot == std::string_view::npos || filename.find('/', dot) != std::string_view::npos)
        return "application/octet-stream";
    std::string extension;
    for (char c : filename.substr(dot + 1)) extension.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    for (const auto& [ext, type] : kTypes)
        if (ext == extension) return type;
    return "application/octet-stream";
}

}  // namespace switchboard::plugins::transport_http
