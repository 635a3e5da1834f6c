#pragma once

#include <functional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "switchboard/chat/chat_context.hpp"
#include "switchboard/chat/dispatcher.hpp"

namespace switchboard::chat {

// device.register / unregister / list: the push targets of a user's devices;
// device.state: whether the app on this connection is in the background;
// device.push_config: what a client needs to subscribe with each provider.
class DeviceService {
public:
    explicit DeviceService(ChatContext& context) : ctx_(context) {}

    void register_ops(Dispatcher& dispatcher);
    // What clients need to subscribe, per push provider (device.push_config);
    // the kernel hands it over once the plugins have started.
    void set_push_config(nlohmann::json config) { push_config_ = std::move(config); }
    // Told the user of each device.register as it arrives (push queues again for them).
    void on_register(std::function<void(const std::string& user_id)> registered) {
        registered_ = std::move(registered);
    }

private:
    void register_device(const CallPtr& call);
    void unregister_device(const CallPtr& call);
    void list(const CallPtr& call);
    void state(const CallPtr& call);
    void push_config(const CallPtr& call);

    // data.device_id, or the device the connection authenticated with.
    static std::string device_id_of(const CallPtr& call);

    ChatContext& ctx_;
    nlohmann::json push_config_ = nlohmann::json::object();
    std::function<void(const std::string&)> registered_;
};

}  // namespace switchboard::chat
