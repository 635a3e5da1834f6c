// Switchboard C++ plugin SDK (header-only) storage kit: the migration steps of
// a plugin's schema and the rules every storage plugin applies to them; the
// plugin's migrator does the database work (reading the recorded version,
// applying steps in a transaction).
#pragma once

#include <span>
#include <string>

#include "switchboard/sdk/error.hpp"
#include "switchboard/sdk/storage/migration.hpp"

namespace switchboard::sdk::storage {

class SchemaHistory {
public:
    // `steps` must be numbered 1, 2, 3... in order; they are borrowed for the
    // SchemaHistory's life. `plugin_id` (static storage) names the plugin in errors.
    SchemaHistory(std::span<const Migration> steps, const char* plugin_id) : steps_(steps), plugin_id_(plugin_id) {
        for (size_t i = 0; i < steps_.size(); ++i)
            if (steps_[i].version != static_cast<int>(i + 1))
                throw Error(SB_ERR_INTERNAL, "schema migration steps must be numbered 1, 2, 3... in order");
    }

    std::span<const Migration> steps() const noexcept { return steps_; }
    int latest_version() const noexcept { return static_cast<int>(steps_.size()); }

    // Throws sdk::Error(SB_ERR_UNAVAILABLE) for a database at `current`, a
    // version written by a newer plugin (its schema is unknown here).
    void refuse_newer(int current) const {
        if (current > latest_version())
            throw Error(SB_ERR_UNAVAILABLE,
                        "the database schema is at version " + std::to_string(current) +
                            ", newer than the newest this " + plugin_id_ + " knows (" +
                            std::to_string(latest_version()) +
                            "): it was written by a newer Switchboard; run that version or restore a backup");
    }

    // For `migrate: false`: returns `current` when it is the newest, and
    // otherwise throws sdk::Error(SB_ERR_UNAVAILABLE) saying what to run.
    int require_current(int current) const {
        refuse_newer(current);
        if (current < latest_version())
            throw Error(SB_ERR_UNAVAILABLE,
                        "the database schema is at version " + std::to_string(current) + " but this " + plugin_id_ +
                            " needs " + std::to_string(latest_version()) +
                            ", and its option migrate is false: apply the migrations with `switchboard migrate "
                            "--config FILE` (or set migrate: true)");
        return current;
    }

private:
    std::span<const Migration> steps_;
    const char* plugin_id_;
};

}  // namespace switchboard::sdk::storage
