// Switchboard C++ plugin SDK (header-only): base for storage plugins.
//
// The plugin class defines one member per storage operation, taking the
// request by const reference and a Done to complete it exactly once:
//     void user_create(const sb_user& req, switchboard::sdk::Done done);
//     void message_append(const sb_message_append_request& req, switchboard::sdk::Done done);
//     ...
// The attachment operations (ABI 1.1) are optional as a pair: define both
//     void attachment_create(const sb_attachment& req, switchboard::sdk::Done done);
//     void attachment_get(const sb_attachment_get_request& req, switchboard::sdk::Done done);
// or neither (their vtable entries are then NULL).
// storage/queued_storage.hpp defines all of them but message_append for a
// plugin that queues its database work to threads of its own.
// An exception thrown synchronously rejects the call (its status is returned
// to the host and Done must not be called); later failures go through Done.
// The call history (ABI 1.2) is optional as a set of four: define all of
//     void call_create(const sb_call_record& req, switchboard::sdk::Done done);
//     void call_finish(const sb_call_finish_request& req, switchboard::sdk::Done done);
//     void call_history(const sb_call_history_request& req, switchboard::sdk::Done done);
//     void call_finish_unfinished(const sb_call_finish_unfinished_request& req, switchboard::sdk::Done done);
// or none.
// The push operations (ABI 1.3) are optional as a group of six: define all of
//     void outbox_write(const sb_outbox_write_request& req, switchboard::sdk::Done done);
//     void outbox_claim(const sb_outbox_claim_request& req, switchboard::sdk::Done done);
//     void outbox_reschedule(const sb_outbox_reschedule_request& req, switchboard::sdk::Done done);
//     void notify_setting_set(const sb_notify_setting& req, switchboard::sdk::Done done);
//     void notify_setting_get(const sb_notify_setting_key& req, switchboard::sdk::Done done);
//     void device_delete_by_token(const sb_device_token_request& req, switchboard::sdk::Done done);
// or none (the host then turns push off); with them, message_append also
// inserts sb_message_append_request.notify in its transaction.
// A plugin with the push operations may also define (ABI 1.4)
//     void push_context(const sb_push_context_request& req, switchboard::sdk::Done done);
// A plugin that can apply its schema migrations on demand also defines
//     void migrate();   // control thread, on a created instance that is not started
// and the vtable's optional `migrate` then calls it.
#pragma once

#include <string>

#include "switchboard/sdk/plugin.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/storage.h"

namespace switchboard::sdk {

// Completion of one storage operation. Copyable so it can travel through
// queues; the host expects exactly one call.
class Done {
public:
    Done() noexcept = default;
    Done(sb_storage_done fn, void* ctx) noexcept : fn_(fn), ctx_(ctx) {}

    void ok(const void* result = nullptr) const noexcept { fn_(ctx_, SB_OK, "", result); }
    void fail(sb_status status, const std::string& message) const noexcept { fn_(ctx_, status, message.c_str(), nullptr); }
    explicit operator bool() const noexcept { return fn_ != nullptr; }

private:
    sb_storage_done fn_ = nullptr;
    void* ctx_ = nullptr;
};

template <class Impl>
class StoragePlugin : public PluginBase<Impl> {
public:
    static constexpr sb_plugin_kind kind = SB_KIND_STORAGE;

    static const void* vtable() noexcept {
        static const sb_storage_vtable table = {
            sizeof(sb_storage_vtable),
            &call<sb_user, &Impl::user_create>,
            &call<sb_user, &Impl::user_ensure>,
            &call<sb_key_request, &Impl::user_get>,
            &call<sb_key_request, &Impl::user_get_by_username>,
            &call<sb_user_search_request, &Impl::user_search>,
            &call<sb_user_update_request, &Impl::user_update>,
            &call<sb_user_touch_request, &Impl::user_touch>,
            &call<sb_refresh_token, &Impl::refresh_insert>,
            &call<sb_refresh_rotate_request, &Impl::refresh_rotate>,
            &call<sb_key_request, &Impl::refresh_revoke>,
            &call<sb_key_request, &Impl::refresh_revoke_user>,
            &call<sb_device, &Impl::device_upsert>,
            &call<sb_device_key_request, &Impl::device_delete>,
            &call<sb_key_request, &Impl::device_list>,
            &call<sb_conversation_create_request, &Impl::conversation_create>,
            &call<sb_key_request, &Impl::conversation_get>,
            &call<sb_key_request, &Impl::conversation_list>,
            &call<sb_conversation_update_request, &Impl::conversation_update>,
            &call<sb_members_upsert_request, &Impl::members_upsert>,
            &call<sb_member_remove_request, &Impl::member_remove>,
            &call<sb_message_append_request, &Impl::message_append>,
            &call<sb_history_request, &Impl::message_history>,
            &call<sb_message_key_request, &Impl::message_get>,
            &call<sb_message_edit_request, &Impl::message_edit>,
            &call<sb_message_delete_request, &Impl::message_delete>,
            &call<sb_reaction_request, &Impl::reaction_set>,
            &call<sb_receipt_request, &Impl::receipt_set>,
            &call<sb_block_request, &Impl::block_set>,
            &call<sb_key_request, &Impl::block_list>,
            &call<sb_report_request, &Impl::report_create>,
            attachment_create_entry(),
            attachment_get_entry(),
            migrate_entry(),
            call_create_entry(),
            call_finish_entry(),
            call_history_entry(),
            call_finish_unfinished_entry(),
            outbox_write_entry(),
            outbox_claim_entry(),
            outbox_reschedule_entry(),
            notify_setting_set_entry(),
            notify_setting_get_entry(),
            device_delete_by_token_entry(),
            push_context_entry(),
        };
        return &table;
    }

private:
    template <class Request>
    using Entry = sb_status (*)(void*, const Request*, sb_storage_done, void*);

    static constexpr bool has_attachment_create =
        requires(Impl& impl, const sb_attachment& req, Done done) { impl.attachment_create(req, done); };
    static constexpr bool has_attachment_get =
        requires(Impl& impl, const sb_attachment_get_request& req, Done done) { impl.attachment_get(req, done); };

    static constexpr Entry<sb_attachment> attachment_create_entry() noexcept {
        static_assert(has_attachment_create == has_attachment_get,
                      "define both attachment_create and attachment_get, or neither");
        if constexpr (has_attachment_create) return &call<sb_attachment, &Impl::attachment_create>;
        else return nullptr;
    }
    static constexpr Entry<sb_attachment_get_request> attachment_get_entry() noexcept {
        if constexpr (has_attachment_get) return &call<sb_attachment_get_request, &Impl::attachment_get>;
        else return nullptr;
    }

    static constexpr bool has_call_create =
        requires(Impl& impl, const sb_call_record& req, Done done) { impl.call_create(req, done); };
    static constexpr bool has_call_finish =
        requires(Impl& impl, const sb_call_finish_request& req, Done done) { impl.call_finish(req, done); };
    static constexpr bool has_call_history =
        requires(Impl& impl, const sb_call_history_request& req, Done done) { impl.call_history(req, done); };
    static constexpr bool has_call_finish_unfinished = requires(
        Impl& impl, const sb_call_finish_unfinished_request& req, Done done) { impl.call_finish_unfinished(req, done); };

    static constexpr Entry<sb_call_record> call_create_entry() noexcept {
        static_assert(has_call_create == has_call_finish && has_call_create == has_call_history &&
                          has_call_create == has_call_finish_unfinished,
                      "define all four call_* operations (call_create, call_finish, call_history, "
                      "call_finish_unfinished), or none");
        if constexpr (has_call_create) return &call<sb_call_record, &Impl::call_create>;
        else return nullptr;
    }
    static constexpr Entry<sb_call_finish_request> call_finish_entry() noexcept {
        if constexpr (has_call_finish) return &call<sb_call_finish_request, &Impl::call_finish>;
        else return nullptr;
    }
    static constexpr Entry<sb_call_history_request> call_history_entry() noexcept {
        if constexpr (has_call_history) return &call<sb_call_history_request, &Impl::call_history>;
        else return nullptr;
    }
    static constexpr Entry<sb_call_finish_unfinished_request> call_finish_unfinished_entry() noexcept {
        if constexpr (has_call_finish_unfinished)
            return &call<sb_call_finish_unfinished_request, &Impl::call_finish_unfinished>;
        else return nullptr;
    }

    static constexpr bool has_outbox_write =
        requires(Impl& impl, const sb_outbox_write_request& req, Done done) { impl.outbox_write(req, done); };
    static constexpr bool has_outbox_claim =
        requires(Impl& impl, const sb_outbox_claim_request& req, Done done) { impl.outbox_claim(req, done); };
    static constexpr bool has_outbox_reschedule =
        requires(Impl& impl, const sb_outbox_reschedule_request& req, Done done) { impl.outbox_reschedule(req, done); };
    static constexpr bool has_notify_setting_set =
        requires(Impl& impl, const sb_notify_setting& req, Done done) { impl.notify_setting_set(req, done); };
    static constexpr bool has_notify_setting_get =
        requires(Impl& impl, const sb_notify_setting_key& req, Done done) { impl.notify_setting_get(req, done); };
    static constexpr bool has_device_delete_by_token = requires(Impl& impl, const sb_device_token_request& req,
                                                                Done done) { impl.device_delete_by_token(req, done); };

    static constexpr Entry<sb_outbox_write_request> outbox_write_entry() noexcept {
        static_assert(has_outbox_write == has_outbox_claim && has_outbox_write == has_outbox_reschedule &&
                          has_outbox_write == has_notify_setting_set && has_outbox_write == has_notify_setting_get &&
                          has_outbox_write == has_device_delete_by_token,
                      "define all six push operations (outbox_write, outbox_claim, outbox_reschedule, "
                      "notify_setting_set, notify_setting_get, device_delete_by_token), or none");
        if constexpr (has_outbox_write) return &call<sb_outbox_write_request, &Impl::outbox_write>;
        else return nullptr;
    }
    static constexpr Entry<sb_outbox_claim_request> outbox_claim_entry() noexcept {
        if constexpr (has_outbox_claim) return &call<sb_outbox_claim_request, &Impl::outbox_claim>;
        else return nullptr;
    }
    static constexpr Entry<sb_outbox_reschedule_request> outbox_reschedule_entry() noexcept {
        if constexpr (has_outbox_reschedule) return &call<sb_outbox_reschedule_request, &Impl::outbox_reschedule>;
        else return nullptr;
    }
    static constexpr Entry<sb_notify_setting> notify_setting_set_entry() noexcept {
        if constexpr (has_notify_setting_set) return &call<sb_notify_setting, &Impl::notify_setting_set>;
        else return nullptr;
    }
    static constexpr Entry<sb_notify_setting_key> notify_setting_get_entry() noexcept {
        if constexpr (has_notify_setting_get) return &call<sb_notify_setting_key, &Impl::notify_setting_get>;
        else return nullptr;
    }
    static constexpr Entry<sb_device_token_request> device_delete_by_token_entry() noexcept {
        if constexpr (has_device_delete_by_token)
            return &call<sb_device_token_request, &Impl::device_delete_by_token>;
        else return nullptr;
    }

    static constexpr bool has_push_context =
        requires(Impl& impl, const sb_push_context_request& req, Done done) { impl.push_context(req, done); };

    static constexpr Entry<sb_push_context_request> push_context_entry() noexcept {
        static_assert(!has_push_context || has_outbox_write, "push_context needs the push operations of ABI 1.3");
        if constexpr (has_push_context) return &call<sb_push_context_request, &Impl::push_context>;
        else return nullptr;
    }

    using MigrateEntry = sb_status (*)(void*, sb_error*);

    static constexpr bool has_migrate = requires(Impl& impl) { impl.migrate(); };

    static constexpr MigrateEntry migrate_entry() noexcept {
        if constexpr (has_migrate) return &migrate_trampoline;
        else return nullptr;
    }
    static sb_status migrate_trampoline(void* instance, sb_error* err) noexcept {
        return guard(err, [&] { static_cast<Impl*>(instance)->migrate(); });
    }

    // `Method` is a member function of Impl or of a base of it (such as
    // storage::QueuedStorage), taking (const Request&, Done).
    template <class Request, auto Method>
    static sb_status call(void* instance, const Request* req, sb_storage_done done, void* done_ctx) noexcept {
        if (req == nullptr || done == nullptr) return SB_ERR_BAD_REQUEST;
        return guard(nullptr, [&] { (static_cast<Impl*>(instance)->*Method)(*req, Done(done, done_ctx)); });
    }
};

}  // namespace switchboard::sdk
