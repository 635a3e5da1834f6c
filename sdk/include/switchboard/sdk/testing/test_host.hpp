// Switchboard C++ SDK (header-only): a host for a plugin's own tests.
//
// TestHost loads one plugin shared object with dlopen, gives it a host table
// backed by an in-memory config, captures its logs, and lets a test stand in
// for the kernel (transport callbacks as std::function). It lets a plugin be
// tested without the server, in tree or out of tree:
//
//   switchboard::sdk::testing::TestHost host(PLUGIN_PATH);
//   host.set("port", "0");
//   host.on_receive = [&](uint64_t conn, std::string_view data) { ... };
//   host.create_and_start();
//   auto* transport = host.vtable<sb_transport_vtable>();
#pragma once

#include <dlfcn.h>

#include <atomic>
#include <cctype>
#include <deque>
#include <cstdio>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "switchboard/switchboard.h"
#include "switchboard/sdk/error.hpp"
#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/units.hpp"

namespace switchboard::sdk::testing {

class TestHost {
public:
    explicit TestHost(const std::string& plugin_path) {
        handle_ = dlopen(plugin_path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!handle_) throw std::runtime_error(std::string("dlopen: ") + dlerror());
        auto entry = reinterpret_cast<sb_plugin_entry_fn>(dlsym(handle_, SB_PLUGIN_ENTRY_SYMBOL));
        if (!entry) throw std::runtime_error("no entry symbol in " + plugin_path);
        ErrorBuffer err;
        descriptor_ = entry(SB_ABI_MINOR, err.get());
        if (!descriptor_) throw std::runtime_error(std::string("entry failed: ") + err.message());

        table_.struct_size = sizeof(sb_host);
        table_.abi_major = SB_ABI_MAJOR;
        table_.abi_minor = SB_ABI_MINOR;
        table_.ctx = this;
        table_.log = &log_fn;
        table_.log_enabled = [](void*, sb_log_level) -> int32_t { return 1; };
        table_.config_string = &config_string_fn;
        table_.config_int = &config_int_fn;
        table_.config_double = &config_double_fn;
        table_.config_bool = &config_bool_fn;
        table_.config_list_size = &config_list_size_fn;
        table_.config_list_item = &config_list_item_fn;
        table_.payload_retain = [](void*, sb_payload* p) { as_payload(p)->refs.fetch_add(1); };
        table_.payload_release = [](void*, sb_payload* p) { release_payload(p); };
        table_.payload_bytes = [](void*, const sb_payload* p) {
            auto* tp = reinterpret_cast<const Payload*>(p);
            return sb_str{tp->bytes.data(), tp->bytes.size()};
        };
        table_.conn_open = &conn_open_fn;
        table_.conn_receive = &conn_receive_fn;
        table_.conn_closed = &conn_closed_fn;
        table_.check_ready = [](void* ctx, sb_host_done done, void* done_ctx) { self(ctx)->on_check_ready(done, done_ctx); };
        table_.metric_register = &metric_register_fn;
        table_.metric_add = [](void* ctx, sb_metric* m, const sb_str* labels, size_t n, double v) {
            self(ctx)->record_metric(m, labels, n, v, false);
        };
        table_.metric_set = [](void* ctx, sb_metric* m, const sb_str* labels, size_t n, double v) {
            self(ctx)->record_metric(m, labels, n, v, true);
        };
        table_.metric_observe = [](void* ctx, sb_metric* m, const sb_str* labels, size_t n, double v) {
            self(ctx)->record_metric(m, labels, n, v, false);
        };
        table_.metrics_render = [](void* ctx) { return self(ctx)->make_payload(self(ctx)->on_metrics_render()); };
        table_.upload_begin = [](void* ctx, const sb_upload_info* info, sb_error* err) {
            return self(ctx)->on_upload_begin(*info, err);
        };
        table_.upload_write = [](void* ctx, sb_upload* upload, const char* data, size_t len, sb_error* err) {
            return self(ctx)->on_upload_write(upload, std::string_view(data, len), err);
        };
        table_.upload_finish = [](void* ctx, sb_upload* upload, sb_host_done done, void* done_ctx) {
            self(ctx)->on_upload_finish(upload, done, done_ctx);
        };
        table_.upload_abort = [](void* ctx, sb_upload* upload) { self(ctx)->on_upload_abort(upload); };
        table_.attachment_open = [](void* ctx, const sb_attachment_request* req, sb_host_done done, void* done_ctx) {
            self(ctx)->on_attachment_open(*req, done, done_ctx);
        };
        table_.push_dead_token = [](void* ctx, sb_str provider, sb_str token) {
            self(ctx)->on_push_dead_token(to_view(provider), to_view(token));
        };
    }

    ~TestHost() {
        stop_and_destroy();
        // The plugin library stays loaded, as in the server, so late callbacks
        // from threads it failed to join cannot jump into unmapped code.
    }

    TestHost(const TestHost&) = delete;
    TestHost& operator=(const TestHost&) = delete;

    const sb_plugin_descriptor& descriptor() const { return *descriptor_; }
    template <class VTable>
    const VTable* vtable() const { return static_cast<const VTable*>(descriptor_->vtable); }
    void* instance() const { return instance_; }
    const sb_host* host_table() const { return &table_; }

    // Config: a scalar as YAML text, or a list of strings.
    void set(const std::string& key, const std::string& value) { scalars_[key] = value; }
    void set_list(const std::string& key, std::vector<std::string> items) { lists_[key] = std::move(items); }

    // Lifecycle, each step throwing "create failed: …" / "start failed: …".
    // A storage plugin's migrate runs between create() and an optional start().
    void create() {
        ErrorBuffer err;
        if (descriptor_->create(&table_, &instance_, err.get()) != SB_OK)
            throw std::runtime_error(std::string("create failed: ") + err.message());
    }
    void start() {
        ErrorBuffer err;
        if (descriptor_->start && descriptor_->start(instance_, err.get()) != SB_OK)
            throw std::runtime_error(std::string("start failed: ") + err.message());
    }
    void create_and_start() {
        create();
        start();
    }

    void stop_and_destroy() {
        if (!instance_) return;
        if (descriptor_->stop) descriptor_->stop(instance_);
        descriptor_->destroy(instance_);
        instance_ = nullptr;
    }

    // A payload with one reference owned by the caller; pass it to the plugin,
    // then release it with release().
    sb_payload* make_payload(std::string_view bytes) {
        auto* p = new Payload;
        p->bytes.assign(bytes);
        return reinterpret_cast<sb_payload*>(p);
    }
    void release(sb_payload* p) { release_payload(p); }
    static long live_payloads() { return live_count().load(); }

    // Transport callbacks; called from the plugin's threads.
    std::function<uint64_t(const sb_conn_info&)> on_open = [this](const sb_conn_info&) { return next_conn_++; };
    std::function<void(uint64_t, std::string_view)> on_receive = [](uint64_t, std::string_view) {};
    std::function<void(uint64_t)> on_closed = [](uint64_t) {};

    // ABI 1.1 host functions, called from the plugin's threads. By default
    // the server is ready, renders no metrics and has no attachments.
    std::function<void(sb_host_done, void*)> on_check_ready = [](sb_host_done done, void* done_ctx) {
        done(done_ctx, SB_OK, "", nullptr);
    };
    std::function<std::string()> on_metrics_render = [] { return std::string(); };
    std::function<sb_upload*(const sb_upload_info&, sb_error*)> on_upload_begin = [](const sb_upload_info&,
                                                                                     sb_error* err) -> sb_upload* {
        sb_error_set(err, SB_ERR_UNAVAILABLE, "this test host has no attachments");
        return nullptr;
    };
    std::function<sb_status(sb_upload*, std::string_view, sb_error*)> on_upload_write =
        [](sb_upload*, std::string_view, sb_error* err) {
            return sb_error_set(err, SB_ERR_UNAVAILABLE, "this test host has no attachments");
        };
    std::function<void(sb_upload*, sb_host_done, void*)> on_upload_finish = [](sb_upload*, sb_host_done done,
                                                                             void* done_ctx) {
        done(done_ctx, SB_ERR_UNAVAILABLE, "this test host has no attachments", nullptr);
    };
    std::function<void(sb_upload*)> on_upload_abort = [](sb_upload*) {};
    std::function<void(const sb_attachment_request&, sb_host_done, void*)> on_attachment_open =
        [](const sb_attachment_request&, sb_host_done done, void* done_ctx) {
            done(done_ctx, SB_ERR_UNAVAILABLE, "this test host has no attachments", nullptr);
        };

    // ABI 1.3: a push plugin reports a token dead after delivery (Expo receipts).
    std::function<void(std::string_view provider, std::string_view token)> on_push_dead_token =
        [](std::string_view, std::string_view) {};

    // What the plugin recorded through its metrics: "name{v1,v2}" -> the sum
    // of metric_add/metric_observe values, or the last metric_set value.
    std::map<std::string, double> metric_values() const {
        std::lock_guard<std::mutex> lock(metric_mutex_);
        return metric_values_;
    }
    std::vector<std::string> metric_names() const {
        std::lock_guard<std::mutex> lock(metric_mutex_);
        return std::vector<std::string>(metric_names_.begin(), metric_names_.end());
    }

    std::vector<std::string> logs() const {
        std::lock_guard<std::mutex> lock(log_mutex_);
        return logs_;
    }

private:
    struct Payload {
        Payload() { live_count().fetch_add(1); }
        ~Payload() { live_count().fetch_sub(1); }
        std::atomic<int> refs{1};
        std::string bytes;
    };
    static std::atomic<long>& live_count() {
        static std::atomic<long> count{0};
        return count;
    }
    static Payload* as_payload(sb_payload* p) { return reinterpret_cast<Payload*>(p); }
    static void release_payload(sb_payload* p) {
        if (as_payload(p)->refs.fetch_sub(1) == 1) delete as_payload(p);
    }
    static TestHost* self(void* ctx) { return static_cast<TestHost*>(ctx); }

    const sb_option* find_option(const char* key) const {
        for (uint32_t i = 0; i < descriptor_->option_count; ++i)
            if (std::string_view(descriptor_->options[i].name) == key) return &descriptor_->options[i];
        return nullptr;
    }
    // The scalar text for a key of the given type(s): set value, else default.
    sb_status scalar(const char* key, std::initializer_list<sb_option_type> types, std::string* out) const {
        const sb_option* opt = find_option(key);
        bool type_ok = false;
        for (auto t : types) type_ok = type_ok || (opt && opt->type == t);
        if (!type_ok) return SB_ERR_BAD_REQUEST;
        if (auto it = scalars_.find(key); it != scalars_.end()) {
            *out = it->second;
            return SB_OK;
        }
        if (!opt->default_value) return SB_ERR_NOT_FOUND;
        *out = opt->default_value;
        return SB_OK;
    }

    static void log_fn(void* ctx, sb_log_level level, const char* msg, size_t len) {
        static const char* names[] = {"trace", "debug", "info", "warn", "error"};
        std::string line = std::string(names[level <= SB_LOG_ERROR ? level : SB_LOG_ERROR]) + ": " + std::string(msg, len);
        std::lock_guard<std::mutex> lock(self(ctx)->log_mutex_);
        self(ctx)->logs_.push_back(line);
        if (std::getenv("SB_TEST_HOST_VERBOSE")) std::fprintf(stderr, "[plugin] %s\n", line.c_str());
    }
    static sb_status config_string_fn(void* ctx, const char* key, sb_str* out) {
        auto* h = self(ctx);
        std::string text;
        sb_status st = h->scalar(key, {SB_OPT_STRING}, &text);
        if (st != SB_OK) return st;
        auto& kept = h->kept_strings_.emplace_back(text);
        *out = sb_str{kept.data(), kept.size()};
        return SB_OK;
    }
    static sb_status config_int_fn(void* ctx, const char* key, int64_t* out) {
        std::string text;
        const sb_option* opt = self(ctx)->find_option(key);
        sb_status st = self(ctx)->scalar(key, {SB_OPT_INT, SB_OPT_DURATION, SB_OPT_SIZE}, &text);
        if (st != SB_OK) return st;
        std::optional<int64_t> v;
        if (opt->type == SB_OPT_DURATION) v = parse_duration_ms(text);
        else if (opt->type == SB_OPT_SIZE) v = parse_size_bytes(text);
        else v = std::stoll(text);
        if (!v) return SB_ERR_BAD_REQUEST;
        *out = *v;
        return SB_OK;
    }
    static sb_status config_double_fn(void* ctx, const char* key, double* out) {
        std::string text;
        sb_status st = self(ctx)->scalar(key, {SB_OPT_DOUBLE}, &text);
        if (st == SB_OK) *out = std::stod(text);
        return st;
    }
    static sb_status config_bool_fn(void* ctx, const char* key, int32_t* out) {
        std::string text;
        sb_status st = self(ctx)->scalar(key, {SB_OPT_BOOL}, &text);
        if (st != SB_OK) return st;
        std::string lower;
        for (char c : text) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        // The same words the server's config validation accepts.
        if (lower == "true" || lower == "yes" || lower == "on") *out = 1;
        else if (lower == "false" || lower == "no" || lower == "off") *out = 0;
        else return SB_ERR_BAD_REQUEST;
        return st;
    }
    static sb_status config_list_size_fn(void* ctx, const char* key, size_t* count) {
        auto* h = self(ctx);
        const sb_option* opt = h->find_option(key);
        if (!opt || opt->type != SB_OPT_STRING_LIST) return SB_ERR_BAD_REQUEST;
        auto it = h->lists_.find(key);
        if (it == h->lists_.end()) return SB_ERR_NOT_FOUND;  // as the server: absent list, no default
        *count = it->second.size();
        return SB_OK;
    }
    static sb_status config_list_item_fn(void* ctx, const char* key, size_t index, sb_str* out) {
        auto* h = self(ctx);
        auto it = h->lists_.find(key);
        if (it == h->lists_.end() || index >= it->second.size()) return SB_ERR_NOT_FOUND;
        *out = sb_str{it->second[index].data(), it->second[index].size()};
        return SB_OK;
    }
    static uint64_t conn_open_fn(void* ctx, const sb_conn_info* info) { return self(ctx)->on_open(*info); }
    static void conn_receive_fn(void* ctx, uint64_t conn, const char* data, size_t len) {
        self(ctx)->on_receive(conn, std::string_view(data, len));
    }
    static void conn_closed_fn(void* ctx, uint64_t conn) { self(ctx)->on_closed(conn); }
    static sb_metric* metric_register_fn(void* ctx, const sb_metric_spec* spec, sb_error* err) {
        auto* h = self(ctx);
        if (!spec || !spec->name || !*spec->name) {
            sb_error_set(err, SB_ERR_BAD_REQUEST, "a metric needs a name");
            return nullptr;
        }
        std::lock_guard<std::mutex> lock(h->metric_mutex_);
        auto& name = h->metric_names_.emplace_back(spec->name);
        return reinterpret_cast<sb_metric*>(&name);
    }
    void record_metric(sb_metric* metric, const sb_str* labels, size_t n, double value, bool replace) {
        std::string key = *reinterpret_cast<const std::string*>(metric) + "{";
        for (size_t i = 0; i < n; ++i) key += (i ? "," : "") + std::string(labels[i].ptr, labels[i].len);
        key += "}";
        std::lock_guard<std::mutex> lock(metric_mutex_);
        if (replace) metric_values_[key] = value;
        else metric_values_[key] += value;
    }

    void* handle_ = nullptr;
    const sb_plugin_descriptor* descriptor_ = nullptr;
    void* instance_ = nullptr;
    sb_host table_{};
    std::map<std::string, std::string> scalars_;
    std::map<std::string, std::vector<std::string>> lists_;
    std::deque<std::string> kept_strings_;  // deque: returned pointers stay valid
    std::atomic<uint64_t> next_conn_{1};
    mutable std::mutex log_mutex_;
    std::vector<std::string> logs_;
    mutable std::mutex metric_mutex_;
    std::deque<std::string> metric_names_;  // deque: the handles point at its items
    std::map<std::string, double> metric_values_;
};

}  // namespace switchboard::sdk::testing
