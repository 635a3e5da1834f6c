#include "static_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "mime_types.hpp"

namespace switchboard::plugins::transport_http {

bool etag_matches(std::string_view header, std::string_view etag) {
    auto strip_weak = [](std::string_view tag) { return tag.substr(0, 2) == "W/" ? tag.substr(2) : tag; };
    std::string_view wanted = strip_weak(etag);
    while (!header.empty()) {
        size_t comma = header.find(',');
        std::string_view item = header.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (item == "*" || strip_weak(item) == wanted) return true;
        if (comma == std::string_view::npos) break;
        header.remove_prefix(comma + 1);
    }
    return false;
}

Reply StaticFiles::serve(std::string_view path, std::optional<std::string_view> if_none_match) const {
    Reply not_found = Reply::error(404, "not_found", "no such file");
    std::string relative;
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find('/', start);
        std::string_view segment = path.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (segment == ".." || segment.find('\\') != std::string_view::npos || segment.find('\0') != std::string_view::npos)
            return Reply::error(400, "bad_request", "the path may not contain '..' or '\\\\'");
        if (!segment.empty() && segment != ".") relative += "/" + std::string(segment);
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    std::error_code ec;
    std::filesystem::path file = std::filesystem::path(root_ + relative);
    if (std::filesystem::is_directory(file, ec)) file /= "index.html";
    std::filesystem::path real = std::filesystem::canonical(file, ec);
    if (ec) return not_found;
    const std::string& text = real.native();
    if (text.compare(0, root_.size(), root_) != 0 || (text.size() > root_.size() && text[root_.size()] != '/'))
        return not_found;

    int fd = ::open(real.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return not_found;
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return not_found;
    }
    char etag[64];
    std::snprintf(etag, sizeof etag, "W/\"%llx-%llx\"", static_cast<unsigned long long>(st.st_mtime),
                  static_cast<unsigned long long>(st.st_size));
    std::string_view type = mime_type_for(real.filename().native());
    bool html = type.substr(0, 9) == "text/html";
    Reply reply;
    reply.header("ETag", etag);
    reply.header("Cache-Control", html ? std::string("no-cache") : "public, max-age=" + std::to_string(max_age_.count()));
    if (if_none_match && etag_matches(*if_none_match, etag)) {
        ::close(fd);
        reply.status = 304;
        return reply;
    }
    reply.header("Content-Type", std::string(type));
    reply.header("X-Content-Type-Options", "nosniff");
    reply.fd = fd;
    reply.length = static_cast<uint64_t>(st.st_size);
    return reply;
}

}  // namespace switchboard::plugins::transport_http
