#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "switchboard/protocol/error_code.hpp"

namespace switchboard::protocol {

// Serialises the three envelope shapes of docs/protocol.md.
class EnvelopeWriter {
public:
    static std::string ok(const nlohmann::json& id, const nlohmann::json& data);
    static std::string error(const nlohmann::json& id, ErrorCode code, std::string_view message);
    static std::string event(std::string_view name, const nlohmann::json& data);
    // The same around data already serialised (by JsonWriter), copied as it is.
    static std::string ok_text(const nlohmann::json& id, std::string_view data_text);
    static std::string event_text(std::string_view name, std::string_view data_text);
};

}  // namespace switchboard::protocol
