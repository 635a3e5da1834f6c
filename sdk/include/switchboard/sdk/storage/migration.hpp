// Switchboard C++ plugin SDK (header-only) storage kit: one step of a schema's history.
#pragma once

namespace switchboard::sdk::storage {

// Steps are applied in version order and never edited once released: a
// change is a new step.
struct Migration {
    int version;              // 1, 2, 3... without gaps
    const char* description;  // logged when applied
    const char* sql;          // one or more statements
};

}  // namespace switchboard::sdk::storage
