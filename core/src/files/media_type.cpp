#include "switchboard/files/media_type.hpp"

#include <cctype>

namespace switchboard::files {

namespace {
bool token_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}
}  // namespace

std::optional<std::string> normalize_media_type(std::string_view text) {
    text = text.substr(0, text.find(';'));
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    if (text.empty()) return std::string("application/octet-stream");
    size_t slash = text.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 == text.size() || text.size() > 127) return std::nullopt;
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (i != slash && !token_char(c)) return std::nullopt;
        out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return out;
}

}  // namespace switchboard::files
