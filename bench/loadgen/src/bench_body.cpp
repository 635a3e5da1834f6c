#include "bench_body.hpp"

#include <charconv>

namespace switchboard::bench {

namespace {
constexpr std::string_view kMarker = "sbb:";
}

std::string BenchBody::make(int64_t send_ns, uint64_t sequence, size_t size) {
    std::string body(kMarker);
    body += std::to_string(send_ns);
    body += ':';
    body += std::to_string(sequence);
    body += ':';
    if (body.size() < size) body.append(size - body.size(), 'x');
    return body;
}

std::optional<int64_t> BenchBody::send_time(std::string_view text) {
    size_t at = text.find(kMarker);
    if (at == std::string_view::npos) return std::nullopt;
    const char* first = text.data() + at + kMarker.size();
    const char* last = text.data() + text.size();
    int64_t value = 0;
    auto [end, error] = std::from_chars(first, last, value);
    if (error != std::errc() || end == first || end == last || *end != ':') return std::nullopt;
    return value;
}

}  // namespace switchboard::bench
