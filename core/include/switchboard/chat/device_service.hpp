#pragma once

#include <string>

#include "switchboard/chat/chat_context.hpp"
#include "switchboard/chat/dispatcher.hpp"

namespace switchboard::chat {

// device.register / unregister / list: the push targets of a user's devices;
// device.state: whether the app on this connection is in the background.
class DeviceService {
public:
    explicit DeviceService(ChatContext& context) : ctx_(context) {}

    void register_ops(Dispatcher& dispatcher);

private:
    void register_device(const CallPtr& call);
    void unregister_device(const CallPtr& call);
    void list(const CallPtr& call);
    void state(const CallPtr& call);

    // data.device_id, or the device the connection authenticated with.
    static std::string device_id_of(const CallPtr& call);

    ChatContext& ctx_;
};

}  // namespace switchboard::chat
