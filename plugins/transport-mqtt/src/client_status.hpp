#pragma once

#include <string_view>

namespace switchboard::plugins::transport_mqtt {

// What a client says on its status topic: `online` (also a heartbeat) or
// `offline` (its last will, or a clean goodbye). Surrounding whitespace is
// ignored; anything else is `unknown` and ignored.
enum class ClientStatus { online, offline, unknown };

inline ClientStatus parse_client_status(std::string_view payload) {
    constexpr std::string_view kSpace = " \t\r\n";
    size_t first = payload.find_first_not_of(kSpace);
    if (first == std::string_view::npos) return ClientStatus::unknown;
    payload = payload.substr(first, payload.find_last_not_of(kSpace) - first + 1);
    if (payload == "online") return ClientStatus::online;
    if (payload == "offline") return ClientStatus::offline;
    return ClientStatus::unknown;
}

}  // namespace switchboard::plugins::transport_mqtt
