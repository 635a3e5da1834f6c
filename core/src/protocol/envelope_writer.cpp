#include "switchboard/protocol/envelope_writer.hpp"

namespace switchboard::protocol {

namespace {

// Invalid UTF-8 can only come from stored data written by an older or foreign
// writer; replace it rather than fail the whole response.
void append(std::string& out, const nlohmann::json& value) {
    out += value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void append_string(std::string& out, std::string_view text) {
    append(out, nlohmann::json(text));
}

}  // namespace

// The envelope is written around the serialised data rather than built as
// one more JSON object: that would copy the whole data tree first, which was
// a third of the kernel thread's time per message.

std::string EnvelopeWriter::ok(const nlohmann::json& id, const nlohmann::json& data) {
    std::string text;
    if (data.is_null())
        text = "{}";
    else
        append(text, data);
    return ok_text(id, text);
}

std::string EnvelopeWriter::ok_text(const nlohmann::json& id, std::string_view data_text) {
    std::string out = R"({"id":)";
    append(out, id);
    out += R"(,"ok":true,"data":)";
    out += data_text;
    out += '}';
    return out;
}

std::string EnvelopeWriter::error(const nlohmann::json& id, ErrorCode code, std::string_view message) {
    std::string out = R"({"id":)";
    append(out, id);
    out += R"(,"ok":false,"error":{"code":)";
    append_string(out, to_string(code));
    out += R"(,"message":)";
    append_string(out, message);
    out += "}}";
    return out;
}

std::string EnvelopeWriter::event(std::string_view name, const nlohmann::json& data) {
    std::string text;
    append(text, data);
    return event_text(name, text);
}

std::string EnvelopeWriter::event_text(std::string_view name, std::string_view data_text) {
    std::string out = R"({"event":)";
    append_string(out, name);
    out += R"(,"data":)";
    out += data_text;
    out += '}';
    return out;
}

}  // namespace switchboard::protocol
