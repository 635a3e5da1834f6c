#include "exec/reply.hpp"

#include <memory>
#include <optional>

#include "records/conversation_view.hpp"
#include "records/message_view.hpp"
#include "switchboard/sdk/error.hpp"

namespace switchboard::plugins::storage_postgres::exec {

using records::ConversationView;
using records::MessageView;

Reply::Reply(sb_status status, std::string error, Deliver deliver_ok)
    : status_(status), error_(std::move(error)), deliver_ok_(std::move(deliver_ok)) {}

Reply Reply::ok() {
    return Reply(SB_OK, {}, nullptr);
}

Reply Reply::fail(sb_status status, std::string message) {
    return Reply(status, std::move(message), nullptr);
}

Reply Reply::from_exception(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const sdk::Error& e) {
        return fail(e.status(), e.what());
    } catch (const std::exception& e) {
        return fail(SB_ERR_INTERNAL, e.what());
    } catch (...) {
        return fail(SB_ERR_INTERNAL, "unknown exception");
    }
}

void Reply::deliver(const sdk::Done& done) const {
    if (status_ != SB_OK) return done.fail(status_, error_);
    if (!deliver_ok_) return done.ok();
    try {
        deliver_ok_(done);  // calls done.ok() last; only building the result can throw
    } catch (const std::exception& e) {
        done.fail(SB_ERR_INTERNAL, std::string("storage.postgres: cannot build the result: ") + e.what());
    }
}

// The owned data lives in a shared_ptr so the std::function stays copyable.

Reply Reply::user(records::User user) {
    auto data = std::make_shared<records::User>(std::move(user));
    return Reply(SB_OK, {}, [data](const sdk::Done& done) {
        sb_user c = data->to_c();
        done.ok(&c);
    });
}

Reply Reply::users(std::vector<records::User> users) {
    auto data = std::make_shared<std::vector<records::User>>(std::move(users));
    return Reply(SB_OK, {}, [data](const sdk::Done& done) {
        std::vector<sb_user> items;
        items.reserve(data->size());
        for (const auto& u : *data) items.push_back(u.to_c());
        sb_user_list list{sizeof(sb_user_list), items.data(), items.size()};
        done.ok(&list);
    });
}

Reply Reply::refresh_token(records::RefreshToken token) {
    auto data = std::make_shared<records::RefreshToken>(std::move(token));
    return Reply(SB_OK, {}, [data](const sdk::Done& done) {
        sb_refresh_token c = data->to_c();
        done.ok(&c);
    });
}

Reply Reply::devices(std::vector<records::Device> devices) {
    auto data = std::make_shared<std::vector<records::Device>>(std::move(devices));
    return Reply(SB_OK, {}, [data](const sdk::Done& done) {
        std::vector<sb_device> items;
        items.reserve(data->size());
        for (const auto& d : *data) items.push_back(d.to_c());
        sb_device_list list{sizeof(sb_device_list), items.data(), items.size()};
        done.ok(&list);
    });
}

Reply Reply::conversation(records::Conversation conversation) {
    auto data = std::make_shared<records::Conversation>(std::move(conversation));
    return Reply(SB_OK, {}, [data](const sdk::Done& done) {
        ConversationView view(*data);
        done.ok(&view.get());
    });
}

Reply Reply::summaries(std::vector<records::ConversationSummary> summaries) {
    auto data = std::make_shared<std::vector<records::ConversationSummary>>(std::move(summaries));
    return Reply(SB_OK, {}, [data](const sdk::Done& done) {
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

Reply Reply::message(records::Message message) {
    auto data = std::make_shared<records::Message>(std::move(message));
    return Reply(SB_OK, {}, [data](const sdk::Done& done) {
        MessageView view(*data);
        done.ok(&view.get());
    });
}

Reply Reply::messages(std::vector<records::Message> messages) {
    auto data = std::make_shared<std::vector<records::Message>>(std::move(messages));
    return Reply(SB_OK, {}, [data](const sdk::Done& done) {
        std::vector<MessageView> views;
        std::vector<sb_message> items;
        views.reserve(data->size());
        items.reserve(data->size());
        for (const auto& m : *data) items.push_back(views.emplace_back(m).get());
        sb_message_list list{sizeof(sb_message_list), items.data(), items.size()};
        done.ok(&list);
    });
}

Reply Reply::appended(records::Message message, bool duplicate) {
    auto data = std::make_shared<records::Message>(std::move(message));
    return Reply(SB_OK, {}, [data, duplicate](const sdk::Done& done) {
        MessageView view(*data);
        sb_message_append_result result{sizeof(sb_message_append_result), &view.get(), duplicate ? 1 : 0};
        done.ok(&result);
    });
}

Reply Reply::receipt(uint64_t delivered_seq, uint64_t read_seq, bool changed) {
    return Reply(SB_OK, {}, [=](const sdk::Done& done) {
        sb_receipt_result result{sizeof(sb_receipt_result), delivered_seq, read_seq, changed ? 1 : 0};
        done.ok(&result);
    });
}

Reply Reply::strings(std::vector<std::string> items) {
    auto data = std::make_shared<std::vector<std::string>>(std::move(items));
    return Reply(SB_OK, {}, [data](const sdk::Done& done) {
        std::vector<sb_str> views;
        views.reserve(data->size());
        for (const auto& s : *data) views.push_back(sdk::to_sb(s));
        sb_str_list list{sizeof(sb_str_list), views.data(), views.size()};
        done.ok(&list);
    });
}

Reply Reply::attachment(records::Attachment attachment) {
    auto data = std::make_shared<records::Attachment>(std::move(attachment));
    return Reply(SB_OK, {}, [data](const sdk::Done& done) {
        sb_attachment c = data->to_c();
        done.ok(&c);
    });
}

}  // namespace switchboard::plugins::storage_postgres::exec
