#pragma once

#include <string_view>

namespace switchboard::plugins::transport_http {

// The media type of a static file by its extension (the web's usual ones);
// application/octet-stream for anything else. Text types carry charset=utf-8.
std::string_view mime_type_for(std::string_view filename);

}  // namespace switchboard::plugins::transport_http
