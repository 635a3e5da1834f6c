#include "switchboard/files/type_allow_list.hpp"

#include <stdexcept>

#include "switchboard/files/media_type.hpp"

namespace switchboard::files {

TypeAllowList::TypeAllowList(std::vector<std::string> patterns) {
    for (const std::string& pattern : patterns) {
        auto normal = normalize_media_type(pattern);
        if (pattern.empty() || !normal || pattern.find(';') != std::string::npos)
            throw std::invalid_argument("'" + pattern + "' is not a media type such as image/png or image/*");
        size_t star = normal->find('*');
        bool everything = *normal == "*/*";
        bool wildcard_subtype = star == normal->size() - 1 && (*normal)[star - 1] == '/';
        if (star != std::string::npos && !everything && !wildcard_subtype)
            throw std::invalid_argument("'" + pattern + "': only the subtype may be a wildcard (image/*)");
        patterns_.push_back(*normal);
    }
}

bool TypeAllowList::allows(std::string_view media_type) const {
    for (const std::string& pattern : patterns_) {
        if (pattern == "*/*" || pattern == media_type) return true;
        if (pattern.back() == '*' && media_type.substr(0, pattern.size() - 1) == std::string_view(pattern).substr(0, pattern.size() - 1))
            return true;
    }
    return false;
}

std::string TypeAllowList::text() const {
    std::string out;
    for (const std::string& pattern : patterns_) out += (out.empty() ? "" : ", ") + pattern;
    return out;
}

}  // namespace switchboard::files
