#include "switchboard/util/id_generator.hpp"

#include <sodium.h>

#include <array>
#include <cstdint>

#include "switchboard/util/clock.hpp"

namespace switchboard::util {

std::string IdGenerator::make(std::string_view prefix) {
    static constexpr char kAlphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
    std::array<uint8_t, 16> bits{};
    uint64_t time = static_cast<uint64_t>(now_ms());
    for (int i = 0; i < 6; ++i) bits[i] = static_cast<uint8_t>(time >> (8 * (5 - i)));
    randombytes_buf(bits.data() + 6, 10);

    // 128 bits -> 26 base32 digits, most significant first.
    std::string id(prefix);
    id.reserve(prefix.size() + 26);
    unsigned acc = 0;
    int acc_bits = 0;
    for (uint8_t byte : bits) {
        acc = (acc << 8) | byte;
        acc_bits += 8;
        while (acc_bits >= 5) {
            id.push_back(kAlphabet[(acc >> (acc_bits - 5)) & 31]);
            acc_bits -= 5;
        }
    }
    if (acc_bits > 0) id.push_back(kAlphabet[(acc << (5 - acc_bits)) & 31]);
    return id;
}

}  // namespace switchboard::util
