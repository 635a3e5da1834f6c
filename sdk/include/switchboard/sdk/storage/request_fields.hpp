// Switchboard C++ plugin SDK (header-only) storage kit: reading the fields of
// a storage request into owned values, so the work can run later on another thread.
#pragma once

#include <optional>
#include <string>

#include "switchboard/sdk/error.hpp"
#include "switchboard/sdk/host.hpp"
#include "switchboard/storage.h"

namespace switchboard::sdk::storage {

inline std::string text(sb_str s) {
    return std::string(to_view(s));
}

// "NULL ptr = unchanged" fields of update requests.
inline std::optional<std::string> optional_text(sb_str s) {
    if (s.ptr == nullptr) return std::nullopt;
    return std::string(s.ptr, s.len);
}

// A record a request points to (requests nest records by pointer); a missing
// one is the caller's mistake. `plugin_id` names the plugin in the error.
template <class Record>
const Record& required(const Record* record, const char* field, const char* plugin_id) {
    if (record == nullptr)
        throw Error(SB_ERR_BAD_REQUEST, std::string(plugin_id) + ": request field '" + field + "' is NULL");
    return *record;
}

}  // namespace switchboard::sdk::storage
