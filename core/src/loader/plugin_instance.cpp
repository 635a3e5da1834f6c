#include "switchboard/loader/plugin_instance.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <span>

#include "switchboard/loader/load_error.hpp"
#include "switchboard/runtime/payload.hpp"
#include "switchboard/sdk/error.hpp"
#include "switchboard/sdk/host.hpp"
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
metrics::Family& family(sb_metric* metric) { return *reinterpret_cast<metrics::Family*>(metric); }

// At most 8 labels (the registry refuses more); a longer list matches no family and is ignored.
std::span<const std::string_view> label_views(const sb_str* labels, size_t n) {
    thread_local std::array<std::string_view, 9> views;
    if (n > 8) n = 9;
    for (size_t i = 0; i < n && i < 8; ++i) views[i] = labels ? sdk::to_view(labels[i]) : std::string_view();
    return std::span<const std::string_view>(views.data(), n);
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
    fill_host_table_1_1();
    fill_host_table_1_3();
}

void PluginInstance::fill_host_table_1_1() {
    static constexpr const char* kNoServices = "this host offers no such service";
    host_.check_ready = [](void* ctx, sb_host_done done, void* done_ctx) {
        if (HostServices* s = self(ctx).services_) return s->check_ready(done, done_ctx);
        done(done_ctx, SB_ERR_UNAVAILABLE, kNoServices, nullptr);
    };
    host_.metric_register = [](void* ctx, const sb_metric_spec* raw, sb_error* err) -> sb_metric* {
        HostServices* s = self(ctx).services_;
        if (!s) {
            sb_error_set(err, SB_ERR_UNAVAILABLE, kNoServices);
            return nullptr;
        }
        if (!raw) {
            sb_error_set(err, SB_ERR_BAD_REQUEST, "no metric spec");
            return nullptr;
        }
        sb_metric_spec spec = sdk::read_record(*raw);
        if (!spec.name || !spec.help || (spec.label_count > 0 && !spec.label_names) ||
            (spec.bucket_count > 0 && !spec.buckets)) {
            sb_error_set(err, SB_ERR_BAD_REQUEST, "a metric spec needs a name, a help text, and its label/bucket arrays");
            return nullptr;
        }
        metrics::MetricType type;
        switch (spec.type) {
            case SB_METRIC_COUNTER: type = metrics::MetricType::counter; break;
            case SB_METRIC_GAUGE: type = metrics::MetricType::gauge; break;
            case SB_METRIC_HISTOGRAM: type = metrics::MetricType::histogram; break;
            default:
                sb_error_set(err, SB_ERR_BAD_REQUEST, "unknown metric type");
                return nullptr;
        }
        try {
            std::vector<std::string> labels;
            for (size_t i = 0; i < spec.label_count; ++i) labels.emplace_back(spec.label_names[i] ? spec.label_names[i] : "");
            std::vector<double> buckets(spec.buckets, spec.buckets + spec.bucket_count);
            metrics::Family& family = s->metrics().add(spec.name, spec.help, type, std::move(labels), std::move(buckets));
            return reinterpret_cast<sb_metric*>(&family);
        } catch (const metrics::RegistrationError& e) {
            sb_error_set(err, e.status(), e.what());
            return nullptr;
        }
    };
    host_.metric_add = [](void*, sb_metric* m, const sb_str* labels, size_t n, double v) {
        if (m) family(m).add(label_views(labels, n), v);
    };
    host_.metric_set = [](void*, sb_metric* m, const sb_str* labels, size_t n, double v) {
        if (m) family(m).set(label_views(labels, n), v);
    };
    host_.metric_observe = [](void*, sb_metric* m, const sb_str* labels, size_t n, double v) {
        if (m) family(m).observe(label_views(labels, n), v);
    };
    host_.metrics_render = [](void* ctx) -> sb_payload* {
        HostServices* s = self(ctx).services_;
        auto* payload = new sb_payload;
        if (s) payload->bytes = s->metrics().render();
        return payload;
    };
    host_.upload_begin = [](void* ctx, const sb_upload_info* info, sb_error* err) -> sb_upload* {
        HostServices* s = self(ctx).services_;
        if (!s || !info) {
            sb_error_set(err, SB_ERR_UNAVAILABLE, kNoServices);
            return nullptr;
        }
        return s->upload_begin(sdk::read_record(*info), err);
    };
    host_.upload_write = [](void* ctx, sb_upload* upload, const char* data, size_t len, sb_error* err) {
        HostServices* s = self(ctx).services_;
        if (!s || !upload) return sb_error_set(err, SB_ERR_UNAVAILABLE, kNoServices);
        return s->upload_write(upload, std::string_view(data, len), err);
    };
    host_.upload_finish = [](void* ctx, sb_upload* upload, sb_host_done done, void* done_ctx) {
        HostServices* s = self(ctx).services_;
        if (!s || !upload) return done(done_ctx, SB_ERR_UNAVAILABLE, kNoServices, nullptr);
        s->upload_finish(upload, done, done_ctx);
    };
    host_.upload_abort = [](void* ctx, sb_upload* upload) {
        HostServices* s = self(ctx).services_;
        if (s && upload) s->upload_abort(upload);
    };
    host_.attachment_open = [](void* ctx, const sb_attachment_request* req, sb_host_done done, void* done_ctx) {
        HostServices* s = self(ctx).services_;
        if (!s || !req) return done(done_ctx, SB_ERR_UNAVAILABLE, kNoServices, nullptr);
        s->attachment_open(sdk::read_record(*req), done, done_ctx);
    };
}

void PluginInstance::fill_host_table_1_3() {
    host_.push_dead_token = [](void* ctx, sb_str provider, sb_str token) {
        if (HostServices* s = self(ctx).services_)
            s->push_dead_token(std::string(sdk::to_view(provider)), std::string(sdk::to_view(token)));
    };
}

void PluginInstance::create(ConnectionSink* sink, HostServices* services) {
    if (state_ != State::loaded) return;
    sink_ = sink;
    services_ = services;
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
