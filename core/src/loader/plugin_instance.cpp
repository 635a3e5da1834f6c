#include "switchboard/loader/plugin_instance.hpp"

#include <spdlog/spdlog.h>

#include "switchboard/loader/load_error.hpp"
#include "switchboard/runtime/payload.hpp"
#include "switchboard/sdk/error.hpp"
#include "switchboard/sdk/records.hpp"

namespace switchboard::loader {

namespace {
spdlog::level::level_enum to_spdlog(sb_log_level level) {
    switch (level) {
        case SB_LOG_TRACE: return spdlog::level::trace;
        case SB_LOG_DEBUG: return spdlog::level::debug;
        case SB_LOG_INFO: return spdlog::level::info;
        case SB_LOG_WARN: return spdlog::level::warn;
        case SB_LOG_ERROR: return spdlog::level::err;
    }
    return spdlog::level::err;
}
}  // namespace

PluginInstance::PluginInstance(std::unique_ptr<PluginLibrary> library, config::Section config)
    : library_(std::move(library)), config_(std::move(config)) {
    fill_host_table();
    transport_handle_.vtable = library_->transport();
    transport_handle_.plugin_id = library_->id();
}

PluginInstance::~PluginInstance() {
    stop();
    destroy();
}

void PluginInstance::fill_host_table() {
    host_.struct_size = sizeof(sb_host);
    host_.abi_major = SB_ABI_MAJOR;
    host_.abi_minor = SB_ABI_MINOR;
    host_.ctx = this;
    host_.log = [](void* ctx, sb_log_level level, const char* msg, size_t len) {
        spdlog::log(to_spdlog(level), "[{}] {}", self(ctx).id(), std::string_view(msg, len));
    };
    host_.log_enabled = [](void*, sb_log_level level) -> int32_t { return spdlog::should_log(to_spdlog(level)) ? 1 : 0; };
    host_.config_string = [](void* ctx, const char* key, sb_str* out) { return self(ctx).config_.get_string(key, out); };
    host_.config_int = [](void* ctx, const char* key, int64_t* out) { return self(ctx).config_.get_int(key, out); };
    host_.config_double = [](void* ctx, const char* key, double* out) { return self(ctx).config_.get_double(key, out); };
    host_.config_bool = [](void* ctx, const char* key, int32_t* out) { return self(ctx).config_.get_bool(key, out); };
    host_.config_list_size = [](void* ctx, const char* key, size_t* n) { return self(ctx).config_.get_list_size(key, n); };
    host_.config_list_item = [](void* ctx, const char* key, size_t i, sb_str* out) {
        return self(ctx).config_.get_list_item(key, i, out);
    };
    host_.payload_retain = [](void*, sb_payload* p) { runtime::Payload::retain(p); };
    host_.payload_release = [](void*, sb_payload* p) { runtime::Payload::release(p); };
    host_.payload_bytes = [](void*, const sb_payload* p) { return sb_str{p->bytes.data(), p->bytes.size()}; };
    host_.conn_open = [](void* ctx, const sb_conn_info* info) -> uint64_t {
        PluginInstance& plugin = self(ctx);
        if (!plugin.sink_ || !info) return 0;
        return plugin.sink_->on_open(plugin, sdk::read_record(*info));
    };
    host_.conn_receive = [](void* ctx, uint64_t conn, const char* data, size_t len) {
        PluginInstance& plugin = self(ctx);
        if (plugin.sink_) plugin.sink_->on_receive(conn, std::string_view(data, len));
    };
    host_.conn_closed = [](void* ctx, uint64_t conn) {
        PluginInstance& plugin = self(ctx);
        if (plugin.sink_) plugin.sink_->on_closed(conn);
    };
}

void PluginInstance::create(ConnectionSink* sink) {
    if (state_ != State::loaded) return;
    sink_ = sink;
    sdk::ErrorBuffer err;
    void* instance = nullptr;
    sb_status status = library_->descriptor().create(&host_, &instance, err.get());
    if (status != SB_OK || instance == nullptr) {
        std::string reason = err.message()[0] ? err.message() : "no reason given";
        throw LoadError(library_->label() + ": create failed: " + reason);
    }
    instance_ = instance;
    transport_handle_.instance = instance;
    state_ = State::created;
}

void PluginInstance::start() {
    if (state_ != State::created) return;
    if (library_->descriptor().start) {
        sdk::ErrorBuffer err;
        if (library_->descriptor().start(instance_, err.get()) != SB_OK) {
            std::string reason = err.message()[0] ? err.message() : "no reason given";
            throw LoadError(library_->label() + ": start failed: " + reason);
        }
    }
    state_ = State::started;
    spdlog::info("started {}", library_->label());
}

void PluginInstance::migrate() {
    if (state_ != State::created || library_->kind() != SB_KIND_STORAGE)
        throw LoadError(library_->label() + ": migrate needs a created, not started, storage plugin");
    if (!library_->storage().migrate)
        throw LoadError(library_->label() +
                        ": this storage plugin cannot migrate on demand (no migrate function); it prepares its "
                        "schema when it starts");
    sdk::ErrorBuffer err;
    if (library_->storage().migrate(instance_, err.get()) != SB_OK) {
        std::string reason = err.message()[0] ? err.message() : "no reason given";
        throw LoadError(library_->label() + ": migrate failed: " + reason);
    }
}

void PluginInstance::stop() {
    if (state_ != State::started) return;
    if (library_->descriptor().stop) library_->descriptor().stop(instance_);
    state_ = State::stopped;
    spdlog::info("stopped {}", library_->id());
}

void PluginInstance::destroy() {
    if (instance_ == nullptr) return;
    library_->descriptor().destroy(instance_);
    instance_ = nullptr;
    transport_handle_.instance = nullptr;
}

}  // namespace switchboard::loader
