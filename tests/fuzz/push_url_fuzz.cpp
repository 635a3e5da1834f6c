// libFuzzer target: the push kit's URL parsing (HttpUrl::parse), which every
// push request's URL goes through, a Web Push endpoint coming from a client.
// Any input must be refused or split into parts that are whole and carry no
// space or control character.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "switchboard/sdk/push/http_url.hpp"

using switchboard::sdk::push::HttpUrl;

namespace {

bool clean(const std::string& text) {
    for (char c : text)
        if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) == 0x7f) return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    auto url = HttpUrl::parse(input);
    if (!url) return 0;
    if (url->host.empty() || url->authority.empty() || url->port == 0) std::abort();
    if (url->path.empty() || url->path.front() != '/' || url->path.find('#') != std::string::npos) std::abort();
    if (!clean(url->host) || !clean(url->authority) || !clean(url->path)) std::abort();
    if (url->authority.find(url->host) == std::string::npos) std::abort();
    return 0;
}
