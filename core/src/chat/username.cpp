#include "switchboard/chat/username.hpp"

#include <cctype>

#include "switchboard/protocol/protocol_error.hpp"

namespace switchboard::chat {

std::string normalize_username(std::string name) {
    for (char& c : name)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    bool ok = name.size() >= 3 && name.size() <= 32 && std::isalnum(static_cast<unsigned char>(name[0]));
    for (char c : name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-');
    if (!ok)
        throw protocol::ProtocolError(
            protocol::ErrorCode::bad_request,
            "data.username: 3 to 32 letters, digits, '.', '_' or '-', starting with a letter or digit");
    return name;
}

}  // namespace switchboard::chat
