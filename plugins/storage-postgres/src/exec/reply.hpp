#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <string>
#include <vector>

#include "records/attachment.hpp"
#include "records/conversation.hpp"
#include "records/conversation_summary.hpp"
#include "records/device.hpp"
#include "records/message.hpp"
#include "records/refresh_token.hpp"
#include "records/user.hpp"
#include "switchboard/sdk/storage.hpp"

namespace switchboard::plugins::storage_postgres::exec {

// The outcome of one storage operation, owned, so the writer can hold it
// until its transaction commits. deliver() builds the ABI result (borrowing
// this Reply's data) and completes the operation's Done.
class Reply {
public:
    static Reply ok();
    static Reply fail(sb_status status, std::string message);
    // The status and message for an exception thrown while running an operation.
    static Reply from_exception(std::exception_ptr error);

    static Reply user(records::User user);
    static Reply users(std::vector<records::User> users);
    static Reply refresh_token(records::RefreshToken token);
    static Reply devices(std::vector<records::Device> devices);
    static Reply conversation(records::Conversation conversation);
    static Reply summaries(std::vector<records::ConversationSummary> summaries);
    static Reply message(records::Message message);
    static Reply messages(std::vector<records::Message> messages);
    static Reply appended(records::Message message, bool duplicate);
    static Reply receipt(uint64_t delivered_seq, uint64_t read_seq, bool changed);
    static Reply strings(std::vector<std::string> items);
    static Reply attachment(records::Attachment attachment);

    bool failed() const noexcept { return status_ != SB_OK; }
    sb_status status() const noexcept { return status_; }
    const std::string& error() const noexcept { return error_; }

    void deliver(const sdk::Done& done) const;

private:
    using Deliver = std::function<void(const sdk::Done&)>;
    Reply(sb_status status, std::string error, Deliver deliver_ok);

    sb_status status_;
    std::string error_;
    Deliver deliver_ok_;  // builds the result and calls done.ok(); unset for no result
};

}  // namespace switchboard::plugins::storage_postgres::exec
