#pragma once

#include <vector>

#include "records/message.hpp"
#include "switchboard/storage.h"

namespace switchboard::plugins::storage_postgres::records {

// An sb_message over a Message, with the reaction and attachment arrays it points to.
// Borrows the Message's strings: keep the Message alive as long as this.
class MessageView {
public:
    explicit MessageView(const Message& message);
    MessageView(MessageView&&) noexcept = default;
    MessageView(const MessageView&) = delete;
    MessageView& operator=(const MessageView&) = delete;

    const sb_message& get() const noexcept { return c_; }

private:
    std::vector<sb_reaction> reactions_;  // moving keeps the buffers c_ points into
    std::vector<sb_attachment> attachments_;
    sb_message c_{};
};

}  // namespace switchboard::plugins::storage_postgres::records
