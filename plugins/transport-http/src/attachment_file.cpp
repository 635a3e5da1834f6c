#include "attachment_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>

#include "byte_range.hpp"
#include "static_files.hpp"
#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/records.hpp"

namespace switchboard::plugins::transport_http {

namespace {

// Types a browser may show in place; anything else (HTML, SVG, scripts…) is
// a download, so an upload can never run as a page of this origin.
bool inline_type(std::string_view type) {
    if (type == "image/svg+xml") return false;
    return type.substr(0, 6) == "image/" || type.substr(0, 6) == "video/" || type.substr(0, 6) == "audio/" ||
           type == "text/plain" || type == "application/pdf";
}

std::string content_disposition(bool show_inline, const std::string& filename) {
    std::string out = show_inline ? "inline" : "attachment";
    if (filename.empty()) return out;
    std::string ascii;
    std::string encoded;
    static const char* hex = "0123456789ABCDEF";
    for (unsigned char c : filename) {
        ascii.push_back(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? static_cast<char>(c) : '_');
        if (std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == '~') {
            encoded.push_back(static_cast<char>(c));
        } else {
            encoded.push_back('%');
            encoded.push_back(hex[c >> 4]);
            encoded.push_back(hex[c & 0xf]);
        }
    }
    return out + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

}  // namespace

AttachmentFile AttachmentFile::from(const sb_attachment_file& raw, bool thumbnail) {
    sb_attachment_file f = sdk::read_record(raw);
    AttachmentFile out;
    out.path = f.path ? f.path : "";
    out.size = f.size;
    out.content_type = sdk::to_view(f.content_type);
    out.thumbnail = thumbnail;
    if (f.attachment) {
        sb_attachment a = sdk::read_record(*f.attachment);
        out.attachment_id = sdk::to_view(a.attachment_id);
        out.filename = sdk::to_view(a.filename);
        out.sha256 = sdk::to_view(a.sha256);
    }
    return out;
}

Reply AttachmentFile::reply(std::optional<std::string_view> range, std::optional<std::string_view> if_range,
                            std::optional<std::string_view> if_none_match) const {
    std::string etag = "\"" + sha256 + (thumbnail ? "-thumbnail\"" : "\"");
    Reply reply;
    reply.header("ETag", etag);
    // The content behind an id never changes; only who may read it does.
    reply.header("Cache-Control", "private, max-age=31536000, immutable");
    if (if_none_match && etag_matches(*if_none_match, etag)) {
        reply.status = 304;
        return reply;
    }
    // If-Range with another validator: the whole file, not the range.
    if (if_range && *if_range != etag) range.reset();
    ByteRange r = ByteRange::parse(range, size);
    if (r.kind() == ByteRange::Kind::unsatisfiable) {
        Reply refused = Reply::error(416, "bad_request", "the Range cannot be satisfied for " + std::to_string(size) + " bytes");
        refused.header("Content-Range", "bytes */" + std::to_string(size));
        return refused;
    }
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Reply::error(404, "not_found", "the attachment's file is missing");
    std::string type = content_type == "text/plain" ? "text/plain; charset=utf-8" : content_type;
    bool show_inline = inline_type(content_type);
    reply.header("Content-Type", type);
    reply.header("Content-Disposition", content_disposition(show_inline, thumbnail ? "" : filename));
    reply.header("Accept-Ranges", "bytes");
    reply.header("X-Content-Type-Options", "nosniff");
    reply.header("Content-Security-Policy", "default-src 'none'; sandbox");
    reply.fd = fd;
    if (r.kind() == ByteRange::Kind::partial) {
        reply.status = 206;
        reply.offset = r.first();
        reply.length = r.length();
        reply.header("Content-Range", "bytes " + std::to_string(r.first()) + "-" + std::to_string(r.last()) + "/" +
                                          std::to_string(size));
    } else {
        reply.length = size;
    }
    return reply;
}

}  // namespace switchboard::plugins::transport_http
