// Switchboard C++ plugin SDK (header-only) storage kit: the outcome of one storage operation.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "switchboard/sdk/error.hpp"
#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/storage.hpp"
#include "switchboard/sdk/storage/attachment.hpp"
#include "switchboard/sdk/storage/call_record.hpp"
#include "switchboard/sdk/storage/conversation.hpp"
#include "switchboard/sdk/storage/conversation_summary.hpp"
#include "switchboard/sdk/storage/conversation_view.hpp"
#include "switchboard/sdk/storage/device.hpp"
#include "switchboard/sdk/storage/message.hpp"
#include "switchboard/sdk/storage/message_view.hpp"
#include "switchboard/sdk/storage/notify_setting.hpp"
#include "switchboard/sdk/storage/outbox_entry.hpp"
#include "switchboard/sdk/storage/push_context.hpp"
#include "switchboard/sdk/storage/refresh_token.hpp"
#include "switchboard/sdk/storage/user.hpp"

namespace switchboard::sdk::storage {

// The outcome of one storage operation, owned, so a writer can hold it until
// its transaction commits. deliver() builds the ABI result (borrowing this
// Reply's data) and completes the operation's Done.
class Reply {
public:
    static Reply ok() { return Reply(SB_OK, {}, nullptr); }
    static Reply fail(sb_status status, std::string message) { return Reply(status, std::move(message), nullptr); }

    // The status and message for an exception thrown while running an
    // operation: an sdk::Error's own status (a database error class derives
    // from it to map its codes), SB_ERR_INTERNAL for anything else.
    static Reply from_exception(std::exception_ptr error) {
        try {
            std::rethrow_exception(error);
        } catch (const Error& e) {
            return fail(e.status(), e.what());
        } catch (const std::exception& e) {
            return fail(SB_ERR_INTERNAL, e.what());
        } catch (...) {
            return fail(SB_ERR_INTERNAL, "unknown exception");
        }
    }

    // The owned data lives in a shared_ptr so the std::function stays copyable.

    static Reply user(User user) {
        auto data = std::make_shared<User>(std::move(user));
        return Reply(SB_OK, {}, [data](const Done& done) {
            sb_user c = data->to_c();
            done.ok(&c);
        });
    }

    static Reply users(std::vector<User> users) {
        auto data = std::make_shared<std::vector<User>>(std::move(users));
        return Reply(SB_OK, {}, [data](const Done& done) {
            std::vector<sb_user> items;
            items.reserve(data->size());
            for (const auto& u : *data) items.push_back(u.to_c());
            sb_user_list list{sizeof(sb_user_list), items.data(), items.size()};
            done.ok(&list);
        });
    }

    static Reply refresh_token(RefreshToken token) {
        auto data = std::make_shared<RefreshToken>(std::move(token));
        return Reply(SB_OK, {}, [data](const Done& done) {
            sb_refresh_token c = data->to_c();
            done.ok(&c);
        });
    }

    static Reply devices(std::vector<Device> devices) {
        auto data = std::make_shared<std::vector<Device>>(std::move(devices));
        return Reply(SB_OK, {}, [data](const Done& done) {
            std::vector<sb_device> items;
            items.reserve(data->size());
            for (const auto& d : *data) items.push_back(d.to_c());
            sb_device_list list{sizeof(sb_device_list), items.data(), items.size()};
            done.ok(&list);
        });
    }

    static Reply conversation(Conversation conversation) {
        auto data = std::make_shared<Conversation>(std::move(conversation));
        return Reply(SB_OK, {}, [data](const Done& done) {
            ConversationView view(*data);
            done.ok(&view.get());
        });
    }

    static Reply summaries(std::vector<ConversationSummary> summaries) {
        auto data = std::make_shared<std::vector<ConversationSummary>>(std::move(summaries));
        return Reply(SB_OK, {}, [data](const Done& done) {
            std::vector<ConversationView> conversations;
            std::vector<std::optional<MessageView>> last_messages;
            std::vector<sb_conversation_summary> items;
            conversations.reserve(data->size());
            last_messages.reserve(data->size());  // no reallocation: items point into it
            items.reserve(data->size());
            for (const auto& s : *data) {
                const auto& conversation = conversations.emplace_back(s.conversation);
                auto& last = last_messages.emplace_back();
                if (s.last_message) last.emplace(*s.last_message);
                sb_conversation_summary c{};
                c.struct_size = sizeof(c);
                c.conversation = &conversation.get();
                c.delivered_seq = s.delivered_seq;
                c.read_seq = s.read_seq;
                c.unread = s.unread;
                c.last_message = last ? &last->get() : nullptr;
                items.push_back(c);
            }
            sb_conversation_summary_list list{sizeof(sb_conversation_summary_list), items.data(), items.size()};
            done.ok(&list);
        });
    }

    static Reply message(Message message) {
        auto data = std::make_shared<Message>(std::move(message));
        return Reply(SB_OK, {}, [data](const Done& done) {
            MessageView view(*data);
            done.ok(&view.get());
        });
    }

    static Reply messages(std::vector<Message> messages) {
        auto data = std::make_shared<std::vector<Message>>(std::move(messages));
        return Reply(SB_OK, {}, [data](const Done& done) {
            std::vector<MessageView> views;
            std::vector<sb_message> items;
            views.reserve(data->size());
            items.reserve(data->size());
            for (const auto& m : *data) items.push_back(views.emplace_back(m).get());
            sb_message_list list{sizeof(sb_message_list), items.data(), items.size()};
            done.ok(&list);
        });
    }

    static Reply appended(Message message, bool duplicate) {
        auto data = std::make_shared<Message>(std::move(message));
        return Reply(SB_OK, {}, [data, duplicate](const Done& done) {
            MessageView view(*data);
            sb_message_append_result result{sizeof(sb_message_append_result), &view.get(), duplicate ? 1 : 0};
            done.ok(&result);
        });
    }

    static Reply receipt(uint64_t delivered_seq, uint64_t read_seq, bool changed) {
        return Reply(SB_OK, {}, [=](const Done& done) {
            sb_receipt_result result{sizeof(sb_receipt_result), delivered_seq, read_seq, changed ? 1 : 0};
            done.ok(&result);
        });
    }

    static Reply strings(std::vector<std::string> items) {
        auto data = std::make_shared<std::vector<std::string>>(std::move(items));
        return Reply(SB_OK, {}, [data](const Done& done) {
            std::vector<sb_str> views;
            views.reserve(data->size());
            for (const auto& s : *data) views.push_back(to_sb(s));
            sb_str_list list{sizeof(sb_str_list), views.data(), views.size()};
            done.ok(&list);
        });
    }

    static Reply outbox_entries(std::vector<OutboxEntry> entries) {
        auto data = std::make_shared<std::vector<OutboxEntry>>(std::move(entries));
        return Reply(SB_OK, {}, [data](const Done& done) {
            std::vector<sb_outbox_entry> items;
            items.reserve(data->size());
            for (const auto& e : *data) items.push_back(e.to_c());
            sb_outbox_entry_list list{sizeof(sb_outbox_entry_list), items.data(), items.size()};
            done.ok(&list);
        });
    }

    static Reply notify_setting(NotifySetting setting) {
        auto data = std::make_shared<NotifySetting>(std::move(setting));
        return Reply(SB_OK, {}, [data](const Done& done) {
            sb_notify_setting c = data->to_c();
            done.ok(&c);
        });
    }

    static Reply push_context(PushContext context) {
        auto data = std::make_shared<PushContext>(std::move(context));
        return Reply(SB_OK, {}, [data](const Done& done) {
            std::optional<sb_notify_setting> setting;
            if (data->setting) setting = data->setting->to_c();
            std::optional<MessageView> message;
            if (data->message) message.emplace(*data->message);
            sb_push_context c{};
            c.struct_size = sizeof(c);
            c.conversation_type = to_sb(data->conversation_type);
            c.conversation_title = to_sb(data->conversation_title);
            c.read_seq = data->read_seq;
            c.unread_total = data->unread_total;
            c.setting = setting ? &*setting : nullptr;
            c.message = message ? &message->get() : nullptr;
            done.ok(&c);
        });
    }

    static Reply attachment(Attachment attachment) {
        auto data = std::make_shared<Attachment>(std::move(attachment));
        return Reply(SB_OK, {}, [data](const Done& done) {
            sb_attachment c = data->to_c();
            done.ok(&c);
        });
    }

    static Reply call_records(std::vector<CallRecord> calls) {
        auto data = std::make_shared<std::vector<CallRecord>>(std::move(calls));
        return Reply(SB_OK, {}, [data](const Done& done) {
            std::vector<sb_call_record> items;
            items.reserve(data->size());
            for (const auto& c : *data) items.push_back(c.to_c());
            sb_call_record_list list{sizeof(sb_call_record_list), items.data(), items.size()};
            done.ok(&list);
        });
    }

    bool failed() const noexcept { return status_ != SB_OK; }
    sb_status status() const noexcept { return status_; }
    const std::string& error() const noexcept { return error_; }

    void deliver(const Done& done) const {
        if (status_ != SB_OK) return done.fail(status_, error_);
        if (!deliver_ok_) return done.ok();
        try {
            deliver_ok_(done);  // calls done.ok() last; only building the result can throw
        } catch (const std::exception& e) {
            done.fail(SB_ERR_INTERNAL, std::string("storage: cannot build the result: ") + e.what());
        }
    }

private:
    using Deliver = std::function<void(const Done&)>;
    Reply(sb_status status, std::string error, Deliver deliver_ok)
        : status_(status), error_(std::move(error)), deliver_ok_(std::move(deliver_ok)) {}

    sb_status status_;
    std::string error_;
    Deliver deliver_ok_;  // builds the result and calls done.ok(); unset for no result
};

}  // namespace switchboard::sdk::storage
