#pragma once

#include <string>

namespace switchboard::chat {

// A username as stored: lower-cased, 3-32 of [a-z0-9._-], starting with a
// letter or digit. Throws ProtocolError(bad_request) naming data.username.
std::string normalize_username(std::string name);

}  // namespace switchboard::chat
