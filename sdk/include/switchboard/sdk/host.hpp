// Switchboard C++ plugin SDK (header-only): a typed view of the host table.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "switchboard/host.h"
#include "switchboard/sdk/error.hpp"

namespace switchboard::sdk {

inline sb_str to_sb(std::string_view s) noexcept { return sb_str{s.data(), s.size()}; }
inline std::string_view to_view(sb_str s) noexcept { return s.ptr ? std::string_view(s.ptr, s.len) : std::string_view(); }

class Host {
public:
    explicit Host(const sb_host* host) noexcept : host_(host) {}

    const sb_host* raw() const noexcept { return host_; }

    // ---- logging (thread-safe)
    bool log_enabled(sb_log_level level) const noexcept { return host_->log_enabled(host_->ctx, level) != 0; }
    void log(sb_log_level level, std::string_view message) const noexcept {
        host_->log(host_->ctx, level, message.data(), message.size());
    }
    void trace(std::string_view m) const noexcept { log(SB_LOG_TRACE, m); }
    void debug(std::string_view m) const noexcept { log(SB_LOG_DEBUG, m); }
    void info(std::string_view m) const noexcept { log(SB_LOG_INFO, m); }
    void warn(std::string_view m) const noexcept { log(SB_LOG_WARN, m); }
    void error(std::string_view m) const noexcept { log(SB_LOG_ERROR, m); }

    // ---- configuration (control thread). The optional_* forms return nullopt
    // for an absent optional key; the plain forms throw when it is absent.
    std::optional<std::string> optional_string(const char* key) const {
        sb_str out{};
        if (!check(host_->config_string(host_->ctx, key, &out), key)) return std::nullopt;
        return std::string(to_view(out));
    }
    std::optional<int64_t> optional_int(const char* key) const {
        int64_t out = 0;
        if (!check(host_->config_int(host_->ctx, key, &out), key)) return std::nullopt;
        return out;
    }
    std::optional<double> optional_double(const char* key) const {
        double out = 0;
        if (!check(host_->config_double(host_->ctx, key, &out), key)) return std::nullopt;
        return out;
    }
    std::optional<bool> optional_bool(const char* key) const {
        int32_t out = 0;
        if (!check(host_->config_bool(host_->ctx, key, &out), key)) return std::nullopt;
        return out != 0;
    }
    std::string string(const char* key) const { return require(optional_string(key), key); }
    int64_t integer(const char* key) const { return require(optional_int(key), key); }
    double real(const char* key) const { return require(optional_double(key), key); }
    bool boolean(const char* key) const { return require(optional_bool(key), key); }
    std::vector<std::string> string_list(const char* key) const {
        std::vector<std::string> items;
        size_t count = 0;
        if (!check(host_->config_list_size(host_->ctx, key, &count), key)) return items;
        items.reserve(count);
        for (size_t i = 0; i < count; ++i) {
            sb_str item{};
            check(host_->config_list_item(host_->ctx, key, i, &item), key);
            items.emplace_back(to_view(item));
        }
        return items;
    }

    // ---- payloads (thread-safe)
    std::string_view payload_bytes(const sb_payload* p) const noexcept { return to_view(host_->payload_bytes(host_->ctx, p)); }
    void payload_retain(sb_payload* p) const noexcept { host_->payload_retain(host_->ctx, p); }
    void payload_release(sb_payload* p) const noexcept { host_->payload_release(host_->ctx, p); }

    // ---- transports (thread-safe, non-blocking)
    uint64_t conn_open(std::string_view remote_address, std::string_view user_agent, uint32_t flags = 0) const noexcept {
        sb_conn_info info{};
        info.struct_size = sizeof(info);
        info.remote_address = to_sb(remote_address);
        info.user_agent = to_sb(user_agent);
        info.flags = flags;
        return host_->conn_open(host_->ctx, &info);
    }
    // With every field of sb_conn_info (ABI 1.1 adds the credentials of a stateless connection).
    uint64_t conn_open(const sb_conn_info& info) const noexcept { return host_->conn_open(host_->ctx, &info); }
    void conn_receive(uint64_t conn, std::string_view data) const noexcept {
        host_->conn_receive(host_->ctx, conn, data.data(), data.size());
    }
    void conn_closed(uint64_t conn) const noexcept { host_->conn_closed(host_->ctx, conn); }

    // ---- ABI 1.1. A plugin that declares minor 0 checks the host speaks 1.1
    // (abi_1_1()) before calling any of these; one that requires 1.1 may not.
    bool abi_1_1() const noexcept { return SB_HAS(host_, attachment_open); }

    // Readiness (thread-safe): `done` gets SB_OK or SB_ERR_UNAVAILABLE with the reason.
    void check_ready(sb_host_done done, void* done_ctx) const noexcept { host_->check_ready(host_->ctx, done, done_ctx); }

    // Metrics: registration on the control thread (throws Error on a refused
    // spec); updates through sdk::Metric from any thread.
    sb_metric* metric_register(const sb_metric_spec& spec) const {
        ErrorBuffer err;
        sb_metric* metric = host_->metric_register(host_->ctx, &spec, err.get());
        if (!metric) throw Error(err.status(), std::string("metric ") + (spec.name ? spec.name : "") + ": " + err.message());
        return metric;
    }
    // The server's metrics in the Prometheus text format; the caller owns one reference.
    sb_payload* metrics_render() const noexcept { return host_->metrics_render(host_->ctx); }

    // Attachments (thread-safe; see host.h for the errors of each).
    sb_upload* upload_begin(const sb_upload_info& info, sb_error* err) const noexcept {
        return host_->upload_begin(host_->ctx, &info, err);
    }
    sb_status upload_write(sb_upload* upload, std::string_view data, sb_error* err) const noexcept {
        return host_->upload_write(host_->ctx, upload, data.data(), data.size(), err);
    }
    void upload_finish(sb_upload* upload, sb_host_done done, void* done_ctx) const noexcept {
        host_->upload_finish(host_->ctx, upload, done, done_ctx);
    }
    void upload_abort(sb_upload* upload) const noexcept { host_->upload_abort(host_->ctx, upload); }
    void attachment_open(const sb_attachment_request& req, sb_host_done done, void* done_ctx) const noexcept {
        host_->attachment_open(host_->ctx, &req, done, done_ctx);
    }

    // ABI 1.3, push plugins (thread-safe): a token found dead after its send
    // was reported delivered. false when this host has no such function.
    bool push_dead_token(std::string_view provider, std::string_view token) const noexcept {
        if (!SB_HAS(host_, push_dead_token) || !host_->push_dead_token) return false;
        host_->push_dead_token(host_->ctx, to_sb(provider), to_sb(token));
        return true;
    }

private:
    // true: value present; false: absent optional key; throws on misuse.
    static bool check(sb_status status, const char* key) {
        if (status == SB_OK) return true;
        if (status == SB_ERR_NOT_FOUND) return false;
        throw Error(status, std::string("config key '") + key + "' is not declared with that type");
    }
    template <class T>
    static T require(std::optional<T> value, const char* key) {
        if (!value) throw Error(SB_ERR_BAD_REQUEST, std::string("config key '") + key + "' is not set");
        return *value;
    }

    const sb_host* host_;
};

// A metric family registered with the host; updates are thread-safe. The
// label values must match the family's label names in number and order.
class Metric {
public:
    Metric() noexcept = default;
    Metric(const Host& host, const sb_metric_spec& spec) : host_(host.raw()), metric_(host.metric_register(spec)) {}

    void add(double value, std::initializer_list<std::string_view> labels = {}) const noexcept {
        update(host_->metric_add, value, labels);
    }
    void set(double value, std::initializer_list<std::string_view> labels = {}) const noexcept {
        update(host_->metric_set, value, labels);
    }
    void observe(double value, std::initializer_list<std::string_view> labels = {}) const noexcept {
        update(host_->metric_observe, value, labels);
    }

private:
    static constexpr size_t kMaxLabels = 8;
    using Update = void (*)(void*, sb_metric*, const sb_str*, size_t, double);
    void update(Update fn, double value, std::initializer_list<std::string_view> labels) const noexcept {
        if (!metric_ || labels.size() > kMaxLabels) return;
        sb_str values[kMaxLabels];
        size_t n = 0;
        for (std::string_view label : labels) values[n++] = to_sb(label);
        fn(host_->ctx, metric_, n ? values : nullptr, n, value);
    }

    const sb_host* host_ = nullptr;
    sb_metric* metric_ = nullptr;
};

// A payload reference owned by C++ code: retains on construction, releases once.
class PayloadRef {
public:
    PayloadRef() noexcept = default;
    PayloadRef(const Host& host, sb_payload* p) noexcept : host_(host.raw()), payload_(p) {
        if (payload_) host_->payload_retain(host_->ctx, payload_);
    }
    // Takes over a reference the caller already owns (e.g. from metrics_render).
    static PayloadRef adopt(const Host& host, sb_payload* p) noexcept {
        PayloadRef ref;
        ref.host_ = host.raw();
        ref.payload_ = p;
        return ref;
    }
    PayloadRef(PayloadRef&& o) noexcept : host_(o.host_), payload_(o.payload_) { o.payload_ = nullptr; }
    PayloadRef& operator=(PayloadRef&& o) noexcept {
        if (this != &o) {
            reset();
            host_ = o.host_;
            payload_ = o.payload_;
            o.payload_ = nullptr;
        }
        return *this;
    }
    PayloadRef(const PayloadRef&) = delete;
    PayloadRef& operator=(const PayloadRef&) = delete;
    ~PayloadRef() { reset(); }

    std::string_view bytes() const noexcept {
        return payload_ ? to_view(host_->payload_bytes(host_->ctx, payload_)) : std::string_view();
    }
    void reset() noexcept {
        if (payload_) host_->payload_release(host_->ctx, payload_);
        payload_ = nullptr;
    }

private:
    const sb_host* host_ = nullptr;
    sb_payload* payload_ = nullptr;
};

}  // namespace switchboard::sdk
