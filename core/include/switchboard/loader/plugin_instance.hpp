#pragma once

#include <memory>
#include <string>

#include "switchboard/config/section.hpp"
#include "switchboard/host.h"
#include "switchboard/loader/connection_sink.hpp"
#include "switchboard/loader/host_services.hpp"
#include "switchboard/loader/plugin_library.hpp"
#include "switchboard/runtime/transport_handle.hpp"

namespace switchboard::loader {

// One configured plugin: its library, its validated config section, the host
// table handed to it, and its instance through create/start/stop/destroy.
class PluginInstance {
public:
    PluginInstance(std::unique_ptr<PluginLibrary> library, config::Section config);
    ~PluginInstance();
    PluginInstance(const PluginInstance&) = delete;
    PluginInstance& operator=(const PluginInstance&) = delete;

    const PluginLibrary& library() const noexcept { return *library_; }
    const std::string& id() const noexcept { return library_->id(); }
    void* instance() const noexcept { return instance_; }

    // Lifecycle, on the control thread. create/start throw LoadError naming
    // the plugin; stop/destroy never fail and are no-ops when not applicable.
    // Without `services`, the ABI 1.1 host functions answer unavailable.
    void create(ConnectionSink* sink, HostServices* services = nullptr);
    void start();
    void stop();
    void destroy();

    // For storage plugins, on a created instance that is not started:
    // applies the schema migrations (`switchboard migrate`). Throws LoadError
    // naming the plugin when it fails or the plugin has no migrate function.
    void migrate();

    // For transports: how sessions reach this plugin.
    const runtime::TransportHandle& transport_handle() const noexcept { return transport_handle_; }

    bool started() const noexcept { return state_ == State::started; }

private:
    enum class State { loaded, created, started, stopped };

    static PluginInstance& self(void* ctx) { return *static_cast<PluginInstance*>(ctx); }
    void fill_host_table();
    void fill_host_table_1_1();
    void fill_host_table_1_3();

    std::unique_ptr<PluginLibrary> library_;
    config::Section config_;
    sb_host host_{};
    ConnectionSink* sink_ = nullptr;
    HostServices* services_ = nullptr;
    void* instance_ = nullptr;
    State state_ = State::loaded;
    runtime::TransportHandle transport_handle_;
};

}  // namespace switchboard::loader
