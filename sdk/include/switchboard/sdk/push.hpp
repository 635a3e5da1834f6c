// Switchboard C++ plugin SDK (header-only): base for push plugins (ABI 1.3).
//
// The plugin class defines, in addition to its constructor(const Host&):
//     sb_status send(const switchboard::sdk::Notification& n, switchboard::sdk::PushDone done);
// which queues the notification without blocking and returns SB_OK (done is
// then called exactly once, from any thread), SB_ERR_BUSY when its bounded
// queue is full or SB_ERR_UNAVAILABLE when stopped (done is then never
// called). Thread-safe. An exception thrown by send() becomes its status (the
// message goes to the host's sb_error) and done must not be called.
//
//   class Log : public switchboard::sdk::PushPlugin<Log> { ... };
//   SB_DECLARE_PLUGIN(Log, "push.log", "1.0.0", "Logs notifications", kLogOptions)
#pragma once

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>

#include "switchboard/push.h"
#include "switchboard/sdk/plugin.hpp"
#include "switchboard/sdk/records.hpp"

namespace switchboard::sdk {

// A C++ view of an sb_notification: the string views borrow from the C struct
// and are valid only during send(). Copy what you keep (to_owned()).
struct Notification {
    std::string_view id;
    std::string_view user_id;
    std::string_view device_id;
    std::string_view provider;
    std::string_view token;
    std::string_view device_extra_json;
    sb_push_category category = SB_PUSH_MESSAGE;
    sb_push_priority priority = SB_PUSH_NORMAL;
    uint32_t ttl_seconds = 0;
    std::string_view title;
    std::string_view body;
    std::string_view conversation_id;
    std::string_view call_id;
    std::string_view collapse_key;
    int64_t badge = -1;
    std::string_view data_json;
    int64_t created_at_ms = 0;

    static Notification from(const sb_notification& raw) noexcept {
        const sb_notification n = read_record(raw);
        Notification v;
        v.id = to_view(n.id);
        v.user_id = to_view(n.user_id);
        v.device_id = to_view(n.device_id);
        v.provider = to_view(n.provider);
        v.token = to_view(n.token);
        v.device_extra_json = to_view(n.device_extra_json);
        v.category = static_cast<sb_push_category>(n.category);
        v.priority = static_cast<sb_push_priority>(n.priority);
        v.ttl_seconds = n.ttl_seconds;
        v.title = to_view(n.title);
        v.body = to_view(n.body);
        v.conversation_id = to_view(n.conversation_id);
        v.call_id = to_view(n.call_id);
        v.collapse_key = to_view(n.collapse_key);
        v.badge = n.badge;
        v.data_json = to_view(n.data_json);
        v.created_at_ms = n.created_at_ms;
        return v;
    }
};

// A notification that owns its strings, for plugins that send later on their own thread.
struct OwnedNotification {
    std::string id, user_id, device_id, provider, token, device_extra_json;
    sb_push_category category = SB_PUSH_MESSAGE;
    sb_push_priority priority = SB_PUSH_NORMAL;
    uint32_t ttl_seconds = 0;
    std::string title, body, conversation_id, call_id, collapse_key;
    int64_t badge = -1;
    std::string data_json;
    int64_t created_at_ms = 0;

    static OwnedNotification copy_of(const Notification& n) {
        return OwnedNotification{std::string(n.id), std::string(n.user_id), std::string(n.device_id),
                                 std::string(n.provider), std::string(n.token), std::string(n.device_extra_json),
                                 n.category, n.priority, n.ttl_seconds, std::string(n.title), std::string(n.body),
                                 std::string(n.conversation_id), std::string(n.call_id), std::string(n.collapse_key),
                                 n.badge, std::string(n.data_json), n.created_at_ms};
    }
};

inline const char* category_name(sb_push_category category) noexcept {
    switch (category) {
        case SB_PUSH_MESSAGE: return "message";
        case SB_PUSH_CALL: return "call";
        case SB_PUSH_CALL_DISMISS: return "call_dismiss";
        case SB_PUSH_MISSED_CALL: return "missed_call";
    }
    return "unknown";
}

// Completion of one accepted send(). Copyable so it can travel through
// queues; the host expects exactly one call of one of the methods.
class PushDone {
public:
    PushDone() noexcept = default;
    PushDone(sb_push_done fn, void* ctx) noexcept : fn_(fn), ctx_(ctx) {}

    void delivered(int32_t http_status = 0) const noexcept { report(SB_PUSH_DELIVERED, http_status, {}, 0); }
    void retry(int32_t http_status, std::string_view reason, int64_t retry_after_ms = 0) const noexcept {
        report(SB_PUSH_RETRY, http_status, reason, retry_after_ms);
    }
    void dead_token(int32_t http_status, std::string_view reason) const noexcept {
        report(SB_PUSH_DEAD_TOKEN, http_status, reason, 0);
    }
    void rejected(int32_t http_status, std::string_view reason) const noexcept {
        report(SB_PUSH_REJECTED, http_status, reason, 0);
    }
    void report(sb_push_outcome outcome, int32_t http_status, std::string_view reason,
                int64_t retry_after_ms) const noexcept {
        sb_push_result result{};
        result.struct_size = sizeof(sb_push_result);
        result.outcome = static_cast<uint32_t>(outcome);
        result.http_status = http_status;
        result.reason = to_sb(reason);
        result.retry_after_ms = retry_after_ms;
        fn_(ctx_, &result);
    }
    explicit operator bool() const noexcept { return fn_ != nullptr; }

private:
    sb_push_done fn_ = nullptr;
    void* ctx_ = nullptr;
};

template <class Impl>
class PushPlugin : public PluginBase<Impl> {
public:
    static constexpr sb_plugin_kind kind = SB_KIND_PUSH;
    static const void* vtable() noexcept {
        static const sb_push_vtable table = {sizeof(sb_push_vtable), &send_trampoline, client_config_entry()};
        return &table;
    }

private:
    // An Impl publishes client configuration by defining
    // `std::string_view client_config_json() const noexcept` (a JSON object
    // it owns until destroyed); without it the entry stays NULL.
    using ClientConfigFn = sb_str (*)(void*);

    static constexpr ClientConfigFn client_config_entry() noexcept {
        if constexpr (requires(const Impl& impl) {
                          { impl.client_config_json() } noexcept -> std::convertible_to<std::string_view>;
                      })
            return &client_config_trampoline;
        else
            return nullptr;
    }

    static sb_str client_config_trampoline(void* instance) noexcept {
        return to_sb(static_cast<const Impl*>(instance)->client_config_json());
    }

    static sb_status send_trampoline(void* instance, const sb_notification* n, sb_push_done done, void* done_ctx,
                                     sb_error* err) noexcept {
        if (n == nullptr || done == nullptr) return sb_error_set(err, SB_ERR_BAD_REQUEST, "no notification or no done");
        sb_status status = SB_OK;
        const sb_status thrown = guard(err, [&] {
            status = static_cast<Impl*>(instance)->send(Notification::from(*n), PushDone(done, done_ctx));
        });
        return thrown != SB_OK ? thrown : status;
    }
};

}  // namespace switchboard::sdk
