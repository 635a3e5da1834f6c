// Switchboard push kit (header-only): the URL-safe base64 of RFC 4648 §5
// without padding, as JOSE, VAPID and Web Push use it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace switchboard::sdk::push {

class Base64Url {
public:
    static std::string encode(std::string_view bytes) {
        std::string out;
        out.reserve((bytes.size() * 4 + 2) / 3);
        uint32_t accumulator = 0;
        int bits = 0;
        for (char c : bytes) {
            accumulator = (accumulator << 8) | static_cast<unsigned char>(c);
            bits += 8;
            while (bits >= 6) {
                bits -= 6;
                out.push_back(kAlphabet[(accumulator >> bits) & 0x3f]);
            }
        }
        if (bits > 0) out.push_back(kAlphabet[(accumulator << (6 - bits)) & 0x3f]);
        return out;
    }

    // Accepts the URL-safe alphabet, tolerating trailing '=' padding (browsers'
    // PushSubscription.toJSON() omits it, some tools add it). nullopt on any
    // other character or an impossible length.
    static std::optional<std::string> decode(std::string_view text) {
        while (!text.empty() && text.back() == '=') text.remove_suffix(1);
        if (text.size() % 4 == 1) return std::nullopt;
        std::string out;
        out.reserve(text.size() * 3 / 4);
        uint32_t accumulator = 0;
        int bits = 0;
        for (char c : text) {
            uint8_t value = decode_table()[static_cast<unsigned char>(c)];
            if (value == kInvalid) return std::nullopt;
            accumulator = (accumulator << 6) | value;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out.push_back(static_cast<char>((accumulator >> bits) & 0xff));
            }
        }
        return out;
    }

private:
    static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    static constexpr uint8_t kInvalid = 0xff;

    static const std::array<uint8_t, 256>& decode_table() {
        static const std::array<uint8_t, 256> table = [] {
            std::array<uint8_t, 256> t{};
            t.fill(kInvalid);
            for (size_t i = 0; i < kAlphabet.size(); ++i) t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<uint8_t>(i);
            return t;
        }();
        return table;
    }
};

}  // namespace switchboard::sdk::push
