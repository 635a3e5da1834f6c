#pragma once

#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace switchboard::files {

// SHA-256 of a byte stream fed in pieces (OpenSSL EVP).
class Sha256Stream {
public:
    Sha256Stream();
    ~Sha256Stream();
    Sha256Stream(const Sha256Stream&) = delete;
    Sha256Stream& operator=(const Sha256Stream&) = delete;

    void update(std::string_view data);
    // 64 lower-case hex digits; the stream is finished afterwards.
    std::string finish_hex();

private:
    evp_md_ctx_st* ctx_;
};

}  // namespace switchboard::files
