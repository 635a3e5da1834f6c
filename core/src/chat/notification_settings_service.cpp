#include "switchboard/chat/notification_settings_service.hpp"

#include "switchboard/protocol/protocol_error.hpp"

namespace switchboard::chat {

using nlohmann::json;
using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

json setting_json(const storage::NotifySetting& s) {
    return json{{"conversation_id", s.conversation_id},
                {"level", s.level},
                {"muted_until", s.muted_until > 0 ? json(s.muted_until) : json(nullptr)}};
}

}  // namespace

void NotificationSettingsService::register_ops(Dispatcher& d) {
    d.add("conversation.notifications", Dispatcher::Access::authenticated,
          [this](const CallPtr& c) { notifications(c); });
}

void NotificationSettingsService::notifications(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"conversation_id", "level", "muted_until"});
    storage::NotifySetting setting;
    setting.user_id = call->user_id();
    setting.conversation_id = f.string("conversation_id");
    auto level = f.optional_string("level", 16);
    const json* muted_until = f.value("muted_until");
    if (level && *level != "all" && *level != "mentions" && *level != "none")
        throw ProtocolError(ErrorCode::bad_request, "data.level: expected \"all\", \"mentions\" or \"none\"");
    if (muted_until && !muted_until->is_null() && !muted_until->is_number_unsigned())
        throw ProtocolError(ErrorCode::bad_request, "data.muted_until: expected a time in ms since the epoch, or null");
    if (muted_until && !level)
        throw ProtocolError(ErrorCode::bad_request, "data.level: is required with muted_until");
    if (!ctx_.storage.supports_outbox())
        throw ProtocolError(ErrorCode::unavailable, "this server's storage keeps no notification settings");

    ctx_.with_membership(call, setting.conversation_id, [this, call, setting, level,
                                                         mute = muted_until && muted_until->is_number_unsigned()
                                                                    ? muted_until->get<int64_t>()
                                                                    : int64_t{0}](CachedConversation&) mutable {
        if (!level) {
            // Without a level: the current setting ("all" when never set).
            ctx_.storage.notify_setting_get(setting.user_id, setting.conversation_id,
                                            [call, setting](storage::StorageResult<storage::NotifySetting> r) mutable {
                                                if (r.status == SB_ERR_NOT_FOUND) {
                                                    setting.level = "all";
                                                    return call->ok(setting_json(setting));
                                                }
                                                if (!r.ok()) return call->fail_storage(r, "notification setting");
                                                call->ok(setting_json(r.value));
                                            });
            return;
        }
        setting.level = *level;
        setting.muted_until = mute;
        ctx_.storage.notify_setting_set(setting, [call, setting](storage::StorageResult<storage::Unit> r) {
            if (!r.ok()) return call->fail_storage(r, "notification setting");
            call->ok(setting_json(setting));
        });
    });
}

}  // namespace switchboard::chat
