#include "switchboard/notify/event_notifier.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "switchboard/push.h"
#include "switchboard/util/clock.hpp"

namespace switchboard::notify {

using nlohmann::json;

namespace {

storage::OutboxEntry call_entry(const std::string& id, sb_push_category category, const std::string& call_id,
                                const std::string& conversation_id, const std::string& callee_id, json payload,
                                int64_t now) {
    storage::OutboxEntry e;
    e.entry_id = id;
    e.user_id = callee_id;
    e.category = category;
    e.conversation_id = conversation_id;
    e.call_id = call_id;
    e.payload_json = payload.dump();
    e.due_at = now;
    e.created_at = now;
    return e;
}

}  // namespace

std::vector<storage::OutboxEntry> EventNotifier::message_entries(const storage::Message& message,
                                                                 const std::vector<std::string>& recipients,
                                                                 const std::vector<std::string>& mentions) const {
    std::vector<storage::OutboxEntry> entries;
    if (!settings_.enabled || !storage_.supports_outbox()) return entries;
    const int64_t now = util::now_ms();
    // The payload only says whether the recipient was mentioned: two texts, serialized once.
    static const std::string plain = json{{"event", "message.new"}, {"mentioned", false}}.dump();
    static const std::string mentioned_payload = json{{"event", "message.new"}, {"mentioned", true}}.dump();
    for (const auto& user : recipients) {
        if (user == message.sender_id || worker_.known_without_device(user, now)) continue;
        const bool mentioned = std::find(mentions.begin(), mentions.end(), user) != mentions.end();
        storage::OutboxEntry e;
        e.entry_id = message.message_id + ":" + user;
        e.user_id = user;
        e.category = SB_PUSH_MESSAGE;
        e.conversation_id = message.conversation_id;
        e.payload_json = mentioned ? mentioned_payload : plain;
        e.due_at = now + settings_.read_cancel_delay_ms;
        e.created_at = now;
        entries.push_back(std::move(e));
    }
    return entries;
}

void EventNotifier::call_incoming(const std::string& call_id, const std::string& conversation_id,
                                  const std::string& caller_id, const std::string& callee_id, const std::string& media) {
    if (!settings_.enabled || !storage_.supports_outbox()) return;
    json payload{{"event", "call.incoming"}, {"sender_id", caller_id}, {"media", media}};
    enqueue({call_entry(call_id + ":call:" + callee_id, SB_PUSH_CALL, call_id, conversation_id, callee_id,
                        std::move(payload), util::now_ms())});
}

void EventNotifier::call_ended(const std::string& call_id, const std::string& conversation_id,
                               const std::string& caller_id, const std::string& callee_id, const std::string& media,
                               const std::string& reason, bool missed) {
    if (!settings_.enabled || !storage_.supports_outbox()) return;
    const int64_t now = util::now_ms();
    std::vector<storage::OutboxEntry> entries;
    json dismiss{{"event", "call.ended"}, {"sender_id", caller_id}, {"media", media}, {"reason", reason}};
    entries.push_back(call_entry(call_id + ":dismiss:" + callee_id, SB_PUSH_CALL_DISMISS, call_id, conversation_id,
                                 callee_id, std::move(dismiss), now));
    if (missed) {
        json missed_call{{"event", "call.missed"}, {"sender_id", caller_id}, {"media", media}};
        entries.push_back(call_entry(call_id + ":missed:" + callee_id, SB_PUSH_MISSED_CALL, call_id, conversation_id,
                                     callee_id, std::move(missed_call), now));
    }
    enqueue(std::move(entries));
}

void EventNotifier::enqueue(std::vector<storage::OutboxEntry> entries) {
    storage_.outbox_write(entries, {}, [this](storage::StorageResult<storage::Unit> r) {
        if (!r.ok()) return spdlog::warn("push: queueing a call notification failed: {}", r.error);
        worker_.poke();
    });
}

}  // namespace switchboard::notify
