#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace switchboard::files {

// A media type as attachments store it: "type/subtype", lower-case, without
// parameters or spaces; nullopt when `text` is not one (RFC 9110 token
// characters on both sides of a single '/'). Empty text reads as
// application/octet-stream.
std::optional<std::string> normalize_media_type(std::string_view text);

}  // namespace switchboard::files
