#include "switchboard/config/section.hpp"

#include <stdexcept>

namespace switchboard::config {

namespace {

bool is_one_of(sb_option_type type, std::initializer_list<sb_option_type> types) {
    for (sb_option_type t : types)
        if (t == type) return true;
    return false;
}

sb_str to_sb(const std::string& text) {
    return sb_str{text.data(), text.size()};
}

}  // namespace

Section::Section() : data_(std::make_shared<const Data>()) {}

Section::Section(Entries entries, Location location)
    : data_(std::make_shared<const Data>(Data{std::move(entries), std::move(location)})) {}

const Section::Entry* Section::find(const char* key, std::initializer_list<sb_option_type> types) const noexcept {
    if (!key) return nullptr;
    auto it = data_->entries.find(std::string_view(key));
    if (it == data_->entries.end() || !is_one_of(it->second.type, types)) return nullptr;
    return &it->second;
}

sb_status Section::get_string(const char* key, sb_str* out) const noexcept {
    const Entry* entry = find(key, {SB_OPT_STRING});
    if (!entry) return SB_ERR_BAD_REQUEST;
    const auto* text = std::get_if<std::string>(&entry->value);
    if (!text) return SB_ERR_NOT_FOUND;
    *out = to_sb(*text);
    return SB_OK;
}

sb_status Section::get_int(const char* key, int64_t* out) const noexcept {
    const Entry* entry = find(key, {SB_OPT_INT, SB_OPT_DURATION, SB_OPT_SIZE});
    if (!entry) return SB_ERR_BAD_REQUEST;
    const auto* number = std::get_if<int64_t>(&entry->value);
    if (!number) return SB_ERR_NOT_FOUND;
    *out = *number;
    return SB_OK;
}

sb_status Section::get_double(const char* key, double* out) const noexcept {
    const Entry* entry = find(key, {SB_OPT_DOUBLE});
    if (!entry) return SB_ERR_BAD_REQUEST;
    const auto* number = std::get_if<double>(&entry->value);
    if (!number) return SB_ERR_NOT_FOUND;
    *out = *number;
    return SB_OK;
}

sb_status Section::get_bool(const char* key, int32_t* out) const noexcept {
    const Entry* entry = find(key, {SB_OPT_BOOL});
    if (!entry) return SB_ERR_BAD_REQUEST;
    const auto* flag = std::get_if<bool>(&entry->value);
    if (!flag) return SB_ERR_NOT_FOUND;
    *out = *flag ? 1 : 0;
    return SB_OK;
}

sb_status Section::get_list_size(const char* key, size_t* count) const noexcept {
    const Entry* entry = find(key, {SB_OPT_STRING_LIST});
    if (!entry) return SB_ERR_BAD_REQUEST;
    const auto* items = std::get_if<std::vector<std::string>>(&entry->value);
    if (!items) return SB_ERR_NOT_FOUND;
    *count = items->size();
    return SB_OK;
}

sb_status Section::get_list_item(const char* key, size_t index, sb_str* out) const noexcept {
    const Entry* entry = find(key, {SB_OPT_STRING_LIST});
    if (!entry) return SB_ERR_BAD_REQUEST;
    const auto* items = std::get_if<std::vector<std::string>>(&entry->value);
    if (!items || index >= items->size()) return SB_ERR_NOT_FOUND;
    *out = to_sb((*items)[index]);
    return SB_OK;
}

const Section::Entry& Section::require(std::string_view key, std::initializer_list<sb_option_type> types) const {
    auto it = data_->entries.find(key);
    if (it == data_->entries.end())
        throw std::logic_error("config key '" + join_key(data_->location.key_path, std::string(key)) +
                               "' is not declared");
    if (!is_one_of(it->second.type, types))
        throw std::logic_error("config key '" + join_key(data_->location.key_path, std::string(key)) +
                               "' is not declared with the type asked for");
    return it->second;
}

std::optional<std::string> Section::string(std::string_view key) const {
    const Entry& entry = require(key, {SB_OPT_STRING});
    if (const auto* text = std::get_if<std::string>(&entry.value)) return *text;
    return std::nullopt;
}

std::optional<int64_t> Section::integer(std::string_view key) const {
    const Entry& entry = require(key, {SB_OPT_INT, SB_OPT_DURATION, SB_OPT_SIZE});
    if (const auto* number = std::get_if<int64_t>(&entry.value)) return *number;
    return std::nullopt;
}

std::optional<std::chrono::milliseconds> Section::duration(std::string_view key) const {
    const Entry& entry = require(key, {SB_OPT_DURATION});
    if (const auto* ms = std::get_if<int64_t>(&entry.value)) return std::chrono::milliseconds(*ms);
    return std::nullopt;
}

std::optional<double> Section::number(std::string_view key) const {
    const Entry& entry = require(key, {SB_OPT_DOUBLE});
    if (const auto* number = std::get_if<double>(&entry.value)) return *number;
    return std::nullopt;
}

std::optional<bool> Section::boolean(std::string_view key) const {
    const Entry& entry = require(key, {SB_OPT_BOOL});
    if (const auto* flag = std::get_if<bool>(&entry.value)) return *flag;
    return std::nullopt;
}

std::vector<std::string> Section::list(std::string_view key) const {
    const Entry& entry = require(key, {SB_OPT_STRING_LIST});
    if (const auto* items = std::get_if<std::vector<std::string>>(&entry.value)) return *items;
    return {};
}

bool Section::has(std::string_view key) const {
    auto it = data_->entries.find(key);
    return it != data_->entries.end() && !std::holds_alternative<std::monostate>(it->second.value);
}

Problem Section::problem(std::string_view key, std::string message) const {
    auto it = data_->entries.find(key);
    if (it == data_->entries.end())
        throw std::logic_error("config key '" + join_key(data_->location.key_path, std::string(key)) +
                               "' is not declared");
    return Problem::at(it->second.origin, std::move(message));
}

}  // namespace switchboard::config
