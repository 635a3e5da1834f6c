#include "envelope_scan.hpp"

#include <charconv>

namespace switchboard::bench {

namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

EnvelopeScan EnvelopeScan::of(std::string_view frame) {
    EnvelopeScan scan;
    if (ends_with(frame, "\"}")) {
        constexpr std::string_view key = ",\"event\":\"";
        size_t at = frame.rfind(key);
        if (at == std::string_view::npos) return scan;
        std::string_view name = frame.substr(at + key.size(), frame.size() - 2 - at - key.size());
        if (name.find('"') != std::string_view::npos) return scan;
        scan.kind = Kind::event;
        scan.event = name;
        return scan;
    }
    bool ok = ends_with(frame, ",\"ok\":true}");
    if (!ok && !ends_with(frame, ",\"ok\":false}")) return scan;
    constexpr std::string_view key = ",\"id\":";
    size_t at = frame.rfind(key);
    if (at == std::string_view::npos) return scan;
    const char* first = frame.data() + at + key.size();
    auto [end, error] = std::from_chars(first, frame.data() + frame.size(), scan.id);
    if (error != std::errc() || *end != ',') return scan;
    scan.kind = Kind::response;
    scan.ok = ok;
    return scan;
}

}  // namespace switchboard::bench
