#pragma once

#include <boost/dll/shared_library.hpp>
#include <filesystem>
#include <memory>
#include <string>

#include "switchboard/push.h"
#include "switchboard/storage.h"
#include "switchboard/transport.h"

namespace switchboard::loader {

// One plugin shared object, loaded and checked against the ABI rules
// (docs/plugin-abi.md): entry symbol of our major, frozen header, required
// minor, struct sizes, required functions. Stays loaded until the process
// exits, so no late callback can land in unmapped code.
class PluginLibrary {
public:
    // Throws LoadError naming the file, id and versions for every refusal.
    static std::unique_ptr<PluginLibrary> open(const std::filesystem::path& file);

    const std::filesystem::path& file() const noexcept { return file_; }
    const sb_plugin_descriptor& descriptor() const noexcept { return descriptor_; }
    const std::string& id() const noexcept { return id_; }
    const std::string& version() const noexcept { return version_; }
    sb_plugin_kind kind() const noexcept { return static_cast<sb_plugin_kind>(descriptor_.kind); }

    // The kind's vtable, copied and zero-extended to this host's size.
    const sb_transport_vtable& transport() const noexcept { return transport_; }
    const sb_storage_vtable& storage() const noexcept { return storage_; }
    const sb_push_vtable& push() const noexcept { return push_; }

    // "transport.websocket 1.0.0 (ABI 1.0, /path/transport.websocket.so)"
    std::string label() const;

    static const char* kind_name(sb_plugin_kind kind) noexcept;

private:
    PluginLibrary() = default;
    void check_descriptor(const sb_plugin_descriptor* raw);
    void check_vtable();

    boost::dll::shared_library library_;
    std::filesystem::path file_;
    sb_plugin_descriptor descriptor_{};
    std::string id_;
    std::string version_;
    sb_transport_vtable transport_{};
    sb_storage_vtable storage_{};
    sb_push_vtable push_{};
};

}  // namespace switchboard::loader
