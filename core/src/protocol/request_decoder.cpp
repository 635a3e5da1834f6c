#include "switchboard/protocol/request_decoder.hpp"

#include "switchboard/sdk/json_nesting.hpp"
#include "switchboard/util/utf8.hpp"

namespace switchboard::protocol {

namespace {
constexpr size_t kMaxOpLength = 64;
// Far beyond what any op's data needs; a value nested deeper could overflow
// the stack of the thread that copies or serializes it.
constexpr size_t kMaxNesting = 32;

bool valid_id(const nlohmann::json& id) {
    if (id.is_number_integer()) return true;
    return id.is_string() && !id.get_ref<const std::string&>().empty() && id.get_ref<const std::string&>().size() <= 64;
}
}  // namespace

std::variant<Request, DecodeError> RequestDecoder::decode(std::string_view bytes) const {
    using nlohmann::json;
    if (bytes.size() > max_bytes_)
        return DecodeError{ErrorCode::too_large,
                           "request of " + std::to_string(bytes.size()) + " bytes exceeds the limit of " +
                               std::to_string(max_bytes_) + " bytes",
                           nullptr};
    if (size_t bad = util::first_invalid_utf8(bytes); bad != std::string_view::npos)
        return DecodeError{ErrorCode::bad_request, "request is not valid UTF-8 (byte offset " + std::to_string(bad) + ")",
                           nullptr};

    if (sdk::json_nests_deeper_than(bytes, kMaxNesting))
        return DecodeError{ErrorCode::bad_request,
                           "request nests arrays and objects deeper than " + std::to_string(kMaxNesting) + " levels",
                           nullptr};

    json doc;
    try {
        doc = json::parse(bytes.begin(), bytes.end());
    } catch (const json::parse_error& e) {
        return DecodeError{ErrorCode::bad_request, "malformed JSON at byte " + std::to_string(e.byte), nullptr};
    } catch (const json::out_of_range&) {
        // nlohmann refuses a number beyond double's range (e.g. 1e999) with
        // out_of_range rather than parse_error; it is the client's bad input too.
        return DecodeError{ErrorCode::bad_request, "malformed JSON: a number is out of range", nullptr};
    }
    if (!doc.is_object()) return DecodeError{ErrorCode::bad_request, "request must be a JSON object", nullptr};

    Request request;
    auto id_it = doc.find("id");
    if (id_it == doc.end()) return DecodeError{ErrorCode::bad_request, "request has no 'id'", nullptr};
    if (!valid_id(*id_it))
        return DecodeError{ErrorCode::bad_request, "'id' must be an integer or a non-empty string of at most 64 bytes",
                           nullptr};
    request.id = *id_it;

    for (auto it = doc.begin(); it != doc.end(); ++it) {
        if (it.key() != "id" && it.key() != "op" && it.key() != "data")
            return DecodeError{ErrorCode::bad_request, "unknown envelope key '" + it.key() + "'", request.id};
    }
    auto op_it = doc.find("op");
    if (op_it == doc.end() || !op_it->is_string() || op_it->get_ref<const std::string&>().empty())
        return DecodeError{ErrorCode::bad_request, "'op' must be a non-empty string", request.id};
    if (op_it->get_ref<const std::string&>().size() > kMaxOpLength)
        return DecodeError{ErrorCode::bad_request, "'op' is too long", request.id};
    request.op = op_it->get<std::string>();

    if (auto data_it = doc.find("data"); data_it != doc.end() && !data_it->is_null()) {
        if (!data_it->is_object()) return DecodeError{ErrorCode::bad_request, "'data' must be an object", request.id};
        request.data = std::move(*data_it);
    }
    return request;
}

}  // namespace switchboard::protocol
