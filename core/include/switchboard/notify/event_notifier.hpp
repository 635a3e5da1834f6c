#pragma once

#include <string>
#include <vector>

#include "switchboard/notify/outbox_worker.hpp"
#include "switchboard/notify/push_settings.hpp"
#include "switchboard/storage/records.hpp"
#include "switchboard/storage/storage_client.hpp"

namespace switchboard::notify {

// Where events become outbox entries (docs/push.md): the chat and call
// services tell it what happened; it writes one entry per recipient user,
// with the message in the same storage transaction, so an event stored is a
// push queued. Kernel-thread only.
class EventNotifier {
public:
    EventNotifier(storage::StorageClient& storage, OutboxWorker& worker, const PushSettings& settings)
        : storage_(storage), worker_(worker), settings_(settings) {}

    // Entries for message_append: one per recipient, due after the read-cancel
    // delay; `mentions` are the user ids the sender mentioned.
    std::vector<storage::OutboxEntry> message_entries(const storage::Message& message,
                                                      const std::vector<std::string>& recipients,
                                                      const std::vector<std::string>& mentions) const;

    // An incoming call for `callee_id`: pushed at once, high priority.
    void call_incoming(const std::string& call_id, const std::string& conversation_id, const std::string& caller_id,
                       const std::string& callee_id, const std::string& media);
    // The call stopped ringing for `callee_id` (answered, declined, cancelled,
    // timed out): the devices it woke stop ringing; a call nobody answered
    // (`missed`) also leaves a missed-call notification.
    void call_ended(const std::string& call_id, const std::string& conversation_id, const std::string& caller_id,
                    const std::string& callee_id, const std::string& media, const std::string& reason, bool missed);

private:
    void enqueue(std::vector<storage::OutboxEntry> entries);

    storage::StorageClient& storage_;
    OutboxWorker& worker_;
    PushSettings settings_;
};

}  // namespace switchboard::notify
