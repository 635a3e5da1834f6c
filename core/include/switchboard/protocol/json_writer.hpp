#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace switchboard::protocol {

// Writes JSON text straight into a string, for the hot events (message.new)
// where building an nlohmann DOM first and dumping it cost more than the rest
// of the kernel's work per message. Commas are placed by the writer; the
// caller keeps keys and values paired and containers balanced. Text that is
// not valid UTF-8 is written with U+FFFD in place of the bad bytes, as
// EnvelopeWriter does.
class JsonWriter {
public:
    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view name);

    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
    JsonWriter& value(int64_t number);
    JsonWriter& value(uint64_t number);
    JsonWriter& value(bool flag);
    JsonWriter& value(const nlohmann::json& tree);
    // Already serialised JSON, copied as it is.
    JsonWriter& raw(std::string_view json_text);

    const std::string& text() const noexcept { return out_; }
    std::string take() { return std::move(out_); }

private:
    void separate();
    void append_string(std::string_view text);

    std::string out_;
    // One entry per open container: whether it has an element yet.
    std::vector<bool> has_element_;
    bool after_key_ = false;
};

}  // namespace switchboard::protocol
