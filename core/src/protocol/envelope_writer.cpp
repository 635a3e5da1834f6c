#include "switchboard/protocol/envelope_writer.hpp"

namespace switchboard::protocol {

namespace {
// Invalid UTF-8 can only come from stored data written by an older or foreign
// writer; replace it rather than fail the whole response.
std::string dump(const nlohmann::json& value) { return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }
}  // namespace

std::string EnvelopeWriter::ok(const nlohmann::json& id, const nlohmann::json& data) {
    return dump(nlohmann::json{{"id", id}, {"ok", true}, {"data", data.is_null() ? nlohmann::json::object() : data}});
}

std::string EnvelopeWriter::error(const nlohmann::json& id, ErrorCode code, std::string_view message) {
    return dump(nlohmann::json{
        {"id", id}, {"ok", false}, {"error", {{"code", to_string(code)}, {"message", std::string(message)}}}});
}

std::string EnvelopeWriter::event(std::string_view name, const nlohmann::json& data) {
    return dump(nlohmann::json{{"event", std::string(name)}, {"data", data}});
}

}  // namespace switchboard::protocol
