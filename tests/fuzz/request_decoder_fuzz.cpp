// libFuzzer target: the envelope decoder every transport feeds, and the
// field accessors handlers use on what it returns. Any input must end in a
// Request or a DecodeError — never a crash, a hang or a leak.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "switchboard/protocol/fields.hpp"
#include "switchboard/protocol/protocol_error.hpp"
#include "switchboard/protocol/request_decoder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const switchboard::protocol::RequestDecoder decoder(64 * 1024);
    auto result = decoder.decode(std::string_view(reinterpret_cast<const char*>(data), size));
    if (auto* request = std::get_if<switchboard::protocol::Request>(&result)) {
        switchboard::protocol::Fields fields(request->data);
        // Exercise the typed accessors a handler would use.
        for (const char* key : {"conversation_id", "body", "seq", "members", "active"}) {
            try {
                (void)fields.optional_string(key);
            } catch (const switchboard::protocol::ProtocolError&) {
            }
            try {
                (void)fields.optional_uint(key);
            } catch (const switchboard::protocol::ProtocolError&) {
            }
            try {
                (void)fields.optional_string_list(key, 100);
            } catch (const switchboard::protocol::ProtocolError&) {
            }
            try {
                (void)fields.optional_boolean(key);
            } catch (const switchboard::protocol::ProtocolError&) {
            }
        }
    }
    return 0;
}
