#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "reply.hpp"

namespace switchboard::plugins::transport_http {

// The web app's files under static_dir: index.html for a directory, the
// type by extension, an ETag from size and modification time, HTML pages
// revalidated on every load (no-cache) and the rest cached for max_age.
// Nothing outside the directory is ever served: ".." segments are refused
// and symbolic links may not lead out of it.
class StaticFiles {
public:
    StaticFiles(std::string root, std::chrono::seconds max_age) : root_(std::move(root)), max_age_(max_age) {}

    bool enabled() const noexcept { return !root_.empty(); }
    // The reply for `path` (already percent-decoded); `if_none_match` is the header, if any.
    Reply serve(std::string_view path, std::optional<std::string_view> if_none_match) const;

private:
    std::string root_;  // canonical
    std::chrono::seconds max_age_;
};

// True when an If-None-Match header names `etag` (or is "*"); weak tags match too.
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace switchboard::plugins::transport_http
