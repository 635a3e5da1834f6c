#include "switchboard/config/plugin_entry.hpp"

namespace switchboard::config {

Section validate_plugin_section(const PluginEntry& entry, const Schema& schema, const Interpolator& interpolator) {
    return schema.validate(entry.config, entry.config_location, interpolator);
}

}  // namespace switchboard::config
