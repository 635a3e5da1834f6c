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
};

}  // namespace switchboard::protocol
