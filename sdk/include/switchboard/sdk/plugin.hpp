// Switchboard C++ plugin SDK (header-only): lifecycle trampolines, option
// declarations and the SB_DECLARE_PLUGIN macro.
//
//   class Echo : public switchboard::sdk::ExtensionPlugin<Echo> {
//   public:
//       explicit Echo(const switchboard::sdk::Host& host);
//       void start();  // optional
//       void stop();   // optional
//   };
//   static const sb_option kEchoOptions[] = {
//       switchboard::sdk::option("greeting", SB_OPT_STRING, "hello", false, "What to say"),
//   };
//   SB_DECLARE_PLUGIN(Echo, "example.echo", "1.0.0", "Says hello", kEchoOptions)
#pragma once

#include <cstddef>
#include <cstdint>

#include "switchboard/abi.h"
#include "switchboard/sdk/error.hpp"
#include "switchboard/sdk/host.hpp"

namespace switchboard::sdk {

constexpr sb_option option(const char* name, sb_option_type type, const char* default_value, bool required,
                           const char* doc, int64_t min_value = 0, int64_t max_value = 0,
                           const char* choices = nullptr) {
    return sb_option{static_cast<uint32_t>(sizeof(sb_option)), name, type, default_value, required ? 1 : 0, doc,
                     min_value, max_value, choices};
}

// Base for every plugin: no-op start/stop unless the plugin defines its own.
template <class Impl>
class PluginBase {
public:
    void start() {}
    void stop() {}
};

// A plugin with no kind-specific vtable.
template <class Impl>
class ExtensionPlugin : public PluginBase<Impl> {
public:
    static constexpr sb_plugin_kind kind = SB_KIND_EXTENSION;
    static const void* vtable() noexcept { return nullptr; }
};

template <class Impl>
struct Lifecycle {
    static sb_status create(const sb_host* host, void** instance, sb_error* err) noexcept {
        return guard(err, [&] { *instance = new Impl(Host(host)); });
    }
    static sb_status start(void* instance, sb_error* err) noexcept {
        return guard(err, [&] { static_cast<Impl*>(instance)->start(); });
    }
    static void stop(void* instance) noexcept {
        try {
            static_cast<Impl*>(instance)->stop();
        } catch (...) {
            // stop() must not fail; the host carries on shutting down.
        }
    }
    static void destroy(void* instance) noexcept { delete static_cast<Impl*>(instance); }
};

template <class Impl>
constexpr sb_plugin_descriptor make_descriptor(const char* id, const char* version, const char* description,
                                               const sb_option* options, uint32_t option_count) {
    sb_plugin_descriptor d{};
    d.struct_size = sizeof(sb_plugin_descriptor);
    d.abi_major = SB_ABI_MAJOR;
    d.abi_minor = SB_ABI_MINOR;
    d.kind = static_cast<uint32_t>(Impl::kind);
    d.id = id;
    d.version = version;
    d.description = description;
    d.options = options;
    d.option_count = option_count;
    d.create = &Lifecycle<Impl>::create;
    d.start = &Lifecycle<Impl>::start;
    d.stop = &Lifecycle<Impl>::stop;
    d.destroy = &Lifecycle<Impl>::destroy;
    d.vtable = Impl::vtable();
    return d;
}

template <size_t N>
constexpr uint32_t option_count(const sb_option (&)[N]) noexcept { return static_cast<uint32_t>(N); }

}  // namespace switchboard::sdk

// Exports the entry symbol for plugin class `Impl` with a static array of options.
#define SB_DECLARE_PLUGIN(Impl, ID, VERSION, DESCRIPTION, OPTIONS)                                     \
    extern "C" SB_EXPORT const sb_plugin_descriptor* sb_plugin_entry_v1(uint32_t, sb_error*) {         \
        static const sb_plugin_descriptor descriptor = ::switchboard::sdk::make_descriptor<Impl>(      \
            ID, VERSION, DESCRIPTION, OPTIONS, ::switchboard::sdk::option_count(OPTIONS));             \
        return &descriptor;                                                                           \
    }

// The same for a plugin without options.
#define SB_DECLARE_PLUGIN_NO_OPTIONS(Impl, ID, VERSION, DESCRIPTION)                                   \
    extern "C" SB_EXPORT const sb_plugin_descriptor* sb_plugin_entry_v1(uint32_t, sb_error*) {         \
        static const sb_plugin_descriptor descriptor =                                                 \
            ::switchboard::sdk::make_descriptor<Impl>(ID, VERSION, DESCRIPTION, nullptr, 0);           \
        return &descriptor;                                                                           \
    }
