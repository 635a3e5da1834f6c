#include "byte_range.hpp"

#include <charconv>

namespace switchboard::plugins::transport_http {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::optional<uint64_t> number(std::string_view s) {
    if (s.empty()) return std::nullopt;
    uint64_t value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return value;
}

}  // namespace

ByteRange ByteRange::parse(std::optional<std::string_view> header, uint64_t size) {
    ByteRange r;
    if (!header) return r;
    std::string_view text = trim(*header);
    constexpr std::string_view kUnit = "bytes=";
    if (text.size() < kUnit.size()) return r;
    for (size_t i = 0; i < kUnit.size(); ++i)
        if ((text[i] | 0x20) != kUnit[i] && text[i] != kUnit[i]) return r;  // another unit: ignored
    text.remove_prefix(kUnit.size());
    if (text.find(',') != std::string_view::npos) return r;  // several ranges: the whole resource instead
    r.kind_ = Kind::unsatisfiable;
    size_t dash = text.find('-');
    if (dash == std::string_view::npos) return r;
    std::string_view from = trim(text.substr(0, dash));
    std::string_view to = trim(text.substr(dash + 1));
    if (from.empty()) {  // "-N": the last N bytes
        auto suffix = number(to);
        if (!suffix || *suffix == 0 || size == 0) return r;
        r.first_ = *suffix >= size ? 0 : size - *suffix;
        r.last_ = size - 1;
    } else {
        auto first = number(from);
        if (!first || *first >= size) return r;
        auto last = to.empty() ? std::optional<uint64_t>(size - 1) : number(to);
        if (!last || *last < *first) return r;
        r.first_ = *first;
        r.last_ = *last >= size ? size - 1 : *last;
    }
    r.kind_ = Kind::partial;
    return r;
}

}  // namespace switchboard::plugins::transport_http
