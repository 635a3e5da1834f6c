#include "switchboard/protocol/fields.hpp"

#include <algorithm>

#include "switchboard/protocol/protocol_error.hpp"

namespace switchboard::protocol {

void Fields::fail(std::string_view key, std::string_view expected) const {
    throw ProtocolError(ErrorCode::bad_request, "data." + std::string(key) + ": " + std::string(expected));
}

void Fields::allow_only(std::initializer_list<std::string_view> allowed) const {
    for (auto it = data_.begin(); it != data_.end(); ++it) {
        if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
            throw ProtocolError(ErrorCode::bad_request, "data." + it.key() + ": unknown field");
    }
}

const nlohmann::json* Fields::value(std::string_view key) const {
    auto it = data_.find(key);
    if (it == data_.end() || it->is_null()) return nullptr;
    return &*it;
}

std::optional<std::string> Fields::optional_string(std::string_view key, size_t max_bytes) const {
    const nlohmann::json* v = value(key);
    if (!v) return std::nullopt;
    if (!v->is_string()) fail(key, "expected a string");
    const auto& s = v->get_ref<const std::string&>();
    if (s.empty()) fail(key, "must not be empty");
    if (s.size() > max_bytes) fail(key, "longer than " + std::to_string(max_bytes) + " bytes");
    return s;
}

std::string Fields::string(std::string_view key, size_t max_bytes) const {
    auto s = optional_string(key, max_bytes);
    if (!s) fail(key, "is required");
    return *s;
}

std::string Fields::text(std::string_view key, size_t max_bytes) const {
    const nlohmann::json* v = value(key);
    if (!v) fail(key, "is required");
    if (!v->is_string()) fail(key, "expected a string");
    const auto& s = v->get_ref<const std::string&>();
    if (s.size() > max_bytes)
        throw ProtocolError(ErrorCode::too_large,
                            "data." + std::string(key) + ": longer than " + std::to_string(max_bytes) + " bytes");
    return s;
}

std::optional<uint64_t> Fields::optional_uint(std::string_view key) const {
    const nlohmann::json* v = value(key);
    if (!v) return std::nullopt;
    if (v->is_number_unsigned()) return v->get<uint64_t>();
    if (v->is_number_integer() && v->get<int64_t>() >= 0) return static_cast<uint64_t>(v->get<int64_t>());
    fail(key, "expected a non-negative integer");
}

uint64_t Fields::uint(std::string_view key) const {
    auto v = optional_uint(key);
    if (!v) fail(key, "is required");
    return *v;
}

std::optional<bool> Fields::optional_boolean(std::string_view key) const {
    const nlohmann::json* v = value(key);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) fail(key, "expected true or false");
    return v->get<bool>();
}

bool Fields::boolean(std::string_view key) const {
    auto v = optional_boolean(key);
    if (!v) fail(key, "is required");
    return *v;
}

std::optional<std::vector<std::string>> Fields::optional_string_list(std::string_view key, size_t max_items) const {
    const nlohmann::json* v = value(key);
    if (!v) return std::nullopt;
    if (!v->is_array()) fail(key, "expected an array of strings");
    if (v->size() > max_items) fail(key, "more than " + std::to_string(max_items) + " items");
    std::vector<std::string> items;
    items.reserve(v->size());
    for (const auto& item : *v) {
        if (!item.is_string() || item.get_ref<const std::string&>().empty() ||
            item.get_ref<const std::string&>().size() > 256)
            fail(key, "expected an array of non-empty strings");
        const auto& s = item.get_ref<const std::string&>();
        if (std::find(items.begin(), items.end(), s) == items.end()) items.push_back(s);
    }
    return items;
}

std::vector<std::string> Fields::string_list(std::string_view key, size_t max_items) const {
    auto v = optional_string_list(key, max_items);
    if (!v) fail(key, "is required");
    return *v;
}

}  // namespace switchboard::protocol
