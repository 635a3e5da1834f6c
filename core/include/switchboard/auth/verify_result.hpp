#pragma once

#include <utility>
#include <variant>

#include "switchboard/auth/token_error.hpp"
#include "switchboard/auth/verified_token.hpp"

namespace switchboard::auth {

// Either a verified token or the reason it was refused (C++20 has no std::expected).
class VerifyResult {
public:
    VerifyResult(VerifiedToken token) : value_(std::move(token)) {}
    VerifyResult(TokenError error) : value_(std::move(error)) {}

    bool ok() const noexcept { return std::holds_alternative<VerifiedToken>(value_); }
    explicit operator bool() const noexcept { return ok(); }

    // Precondition: ok(). Throws std::bad_variant_access otherwise.
    const VerifiedToken& token() const { return std::get<VerifiedToken>(value_); }
    // Precondition: !ok(). Throws std::bad_variant_access otherwise.
    const TokenError& error() const { return std::get<TokenError>(value_); }

private:
    std::variant<VerifiedToken, TokenError> value_;
};

}  // namespace switchboard::auth
