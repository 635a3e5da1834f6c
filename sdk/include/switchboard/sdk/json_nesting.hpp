// Switchboard C++ SDK (header-only): how deeply JSON text nests, measured
// before parsing. nlohmann::json parses any depth, but copying or dumping a
// value recurses once per level: a 256 KiB request of nested brackets
// overflows a thread's stack. The host's request decoder and transports that
// handle JSON themselves refuse text nested deeper than they allow.
#pragma once

#include <cstddef>
#include <string_view>

namespace switchboard::sdk {

// True when arrays and objects in `text` nest deeper than `max_depth`
// (brackets inside strings do not count). Meant for text about to be parsed;
// malformed text is left for the parser to refuse.
inline bool json_nests_deeper_than(std::string_view text, size_t max_depth) noexcept {
    size_t depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) return true;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return false;
}

}  // namespace switchboard::sdk
