#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace switchboard::protocol {

// One decoded request envelope: {"id": 7, "op": "message.send", "data": {...}}.
struct Request {
    nlohmann::json id;  // an integer or a string, echoed back as given
    std::string op;
    nlohmann::json data = nlohmann::json::object();
};

}  // namespace switchboard::protocol
