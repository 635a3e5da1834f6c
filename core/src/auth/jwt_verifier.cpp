#include "switchboard/auth/jwt_verifier.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "switchboard/auth/base64_url.hpp"
#include "switchboard/auth/public_key_loader.hpp"
#include "switchboard/sdk/json_nesting.hpp"

namespace switchboard::auth {

namespace {

constexpr const char* kInternalSource = "internal";
constexpr const char* kExternalSource = "external";

TokenError fail(TokenErrorReason reason, std::string message) {
    return TokenError{reason, std::move(message)};
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        throw std::runtime_error("cannot open " + path.string());
    }
    std::ostringstream content;
    content << file.rdbuf();
    if (file.bad()) {
        throw std::runtime_error("cannot read " + path.string());
    }
    return content.str();
}

std::vector<std::string_view> split_segments(std::string_view token) {
    std::vector<std::string_view> segments;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = token.find('.', start);
        if (dot == std::string_view::npos) {
            segments.push_back(token.substr(start));
            return segments;
        }
        segments.push_back(token.substr(start, dot - start));
        start = dot + 1;
    }
}

std::optional<nlohmann::json> decode_json_object(std::string_view segment) {
    const std::optional<std::string> bytes = Base64Url::decode(segment);
    if (!bytes) {
        return std::nullopt;
    }
    // Claims are copied and read as values: nesting deeper than any real
    // token's is refused before parsing (sdk/json_nesting.hpp says why).
    if (sdk::json_nests_deeper_than(*bytes, 32)) {
        return std::nullopt;
    }
    nlohmann::json value = nlohmann::json::parse(*bytes, nullptr, false);
    if (value.is_discarded() || !value.is_object()) {
        return std::nullopt;
    }
    return value;
}

// A member that must be a string when present; JWKS from the wild deserve precise errors.
std::string string_or(const nlohmann::json& object, const char* name, std::string fallback) {
    const auto it = object.find(name);
    if (it == object.end()) {
        return fallback;
    }
    if (!it->is_string()) {
        throw std::invalid_argument(std::string("JWKS entry member \"") + name + "\" is not a string");
    }
    return it->get<std::string>();
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

// A NumericDate (RFC 7519 §2): seconds since the epoch, possibly fractional,
// floored and clamped to int64. nullopt if the value is not a finite number.
std::optional<std::int64_t> numeric_date(const nlohmann::json& value) {
    if (value.is_number_unsigned()) {
        const auto seconds = value.get<std::uint64_t>();
        return static_cast<std::int64_t>(
            std::min<std::uint64_t>(seconds, static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())));
    }
    if (value.is_number_integer()) {
        return value.get<std::int64_t>();
    }
    if (value.is_number_float()) {
        const double seconds = std::floor(value.get<double>());
        if (!std::isfinite(seconds)) {
            return std::nullopt;
        }
        constexpr double kLimit = 9.2e18;  // just inside the int64 range
        return static_cast<std::int64_t>(std::clamp(seconds, -kLimit, kLimit));
    }
    return std::nullopt;
}

bool audience_matches(const nlohmann::json& claims, const std::string& expected) {
    const auto aud = claims.find("aud");
    if (aud == claims.end()) {
        return false;
    }
    if (aud->is_string()) {
        return aud->get_ref<const std::string&>() == expected;
    }
    if (aud->is_array()) {
        return std::any_of(aud->begin(), aud->end(), [&](const nlohmann::json& entry) {
            return entry.is_string() && entry.get_ref<const std::string&>() == expected;
        });
    }
    return false;
}

}  // namespace

JwtVerifier::JwtVerifier(std::chrono::seconds leeway, Clock clock) : leeway_(leeway), clock_(std::move(clock)) {
    if (leeway_ < std::chrono::seconds::zero()) {
        throw std::invalid_argument("JWT leeway must not be negative");
    }
    if (!clock_) {
        throw std::invalid_argument("JWT verifier needs a clock");
    }
}

void JwtVerifier::add_internal_secret(std::string secret, std::string issuer, std::string audience) {
    if (issuer.empty() || audience.empty()) {
        throw std::invalid_argument("the internal JWT key needs both an issuer and an audience");
    }
    sources_.push_back(KeySource{VerificationKey::hmac_sha256(std::move(secret)),
                                 ClaimExpectations{std::move(issuer), std::move(audience)}, kInternalSource});
}

void JwtVerifier::add_external_secret(std::string secret, ClaimExpectations expected) {
    sources_.push_back(
        KeySource{VerificationKey::hmac_sha256(std::move(secret)), std::move(expected), kExternalSource});
}

void JwtVerifier::add_external_pem(std::string_view pem, ClaimExpectations expected) {
    sources_.push_back(KeySource{VerificationKey::public_key(PublicKeyLoader::from_pem(pem), std::nullopt),
                                 std::move(expected), kExternalSource});
}

void JwtVerifier::add_external_pem_file(const std::filesystem::path& path, ClaimExpectations expected) {
    try {
        add_external_pem(read_file(path), std::move(expected));
    } catch (const std::invalid_argument& error) {
        throw std::invalid_argument(path.string() + ": " + error.what());
    }
}

void JwtVerifier::add_external_jwks(std::string_view jwks_json, ClaimExpectations expected) {
    const nlohmann::json jwks = nlohmann::json::parse(jwks_json, nullptr, false);
    if (jwks.is_discarded() || !jwks.is_object() || !jwks.contains("keys") || !jwks["keys"].is_array()) {
        throw std::invalid_argument("JWKS must be a JSON object with a \"keys\" array");
    }
    std::vector<KeySource> usable;
    for (const nlohmann::json& jwk : jwks["keys"]) {
        if (!jwk.is_object()) {
            throw std::invalid_argument("JWKS entry is not a JSON object");
        }
        // Providers publish encryption keys and newer key types side by side; those are not ours to use.
        const std::string kty = string_or(jwk, "kty", "");
        const std::string use = string_or(jwk, "use", "sig");
        const std::string alg = string_or(jwk, "alg", kty == "RSA" ? "RS256" : "ES256");
        const bool supported_type = kty == "RSA" || (kty == "EC" && string_or(jwk, "crv", "") == "P-256");
        if (!supported_type || use != "sig" || (alg != "RS256" && alg != "ES256")) {
            continue;
        }
        std::optional<std::string> kid;
        if (jwk.contains("kid")) {
            kid = string_or(jwk, "kid", "");
        }
        const std::string label = kid ? "JWKS key \"" + *kid + "\"" : std::string("JWKS key without kid");
        try {
            VerificationKey key = VerificationKey::public_key(PublicKeyLoader::from_jwk(jwk), kid);
            if (to_string(key.algorithm()) != alg) {
                throw std::invalid_argument("declares alg " + alg + " but is a " +
                                            std::string(to_string(key.algorithm())) + " key");
            }
            usable.push_back(KeySource{std::move(key), expected, kExternalSource});
        } catch (const std::invalid_argument& error) {
            throw std::invalid_argument(label + ": " + error.what());
        }
    }
    if (usable.empty()) {
        throw std::invalid_argument("JWKS has no RS256 or ES256 signing key");
    }
    std::move(usable.begin(), usable.end(), std::back_inserter(sources_));
}

void JwtVerifier::add_external_jwks_file(const std::filesystem::path& path, ClaimExpectations expected) {
    try {
        add_external_jwks(read_file(path), std::move(expected));
    } catch (const std::invalid_argument& error) {
        throw std::invalid_argument(path.string() + ": " + error.what());
    }
}

VerifyResult JwtVerifier::verify(std::string_view token) const {
    if (token.size() > kMaxTokenBytes) {
        return fail(TokenErrorReason::malformed, "token is longer than " + std::to_string(kMaxTokenBytes) + " bytes");
    }
    const std::vector<std::string_view> segments = split_segments(token);
    if (segments.size() < 2 || segments.size() > 3) {
        return fail(TokenErrorReason::malformed, "a JWT has three dot-separated segments, this one has " +
                                                     std::to_string(segments.size()));
    }
    const std::optional<nlohmann::json> header = decode_json_object(segments[0]);
    if (!header) {
        return fail(TokenErrorReason::malformed, "header is not a base64url-encoded JSON object");
    }
    const auto alg = header->find("alg");
    if (alg == header->end() || !alg->is_string()) {
        return fail(TokenErrorReason::malformed, "header has no string alg");
    }
    const std::string& alg_name = alg->get_ref<const std::string&>();
    // Checked before the segment count so "header.payload" unsigned tokens get the precise reason.
    if (equals_ignoring_case(alg_name, "none")) {
        return fail(TokenErrorReason::alg_none, "unsigned tokens (alg none) are never accepted");
    }
    if (segments.size() != 3) {
        return fail(TokenErrorReason::malformed, "token has no signature segment");
    }
    const std::optional<JwtAlgorithm> algorithm = jwt_algorithm_from_name(alg_name);
    if (!algorithm) {
        return fail(TokenErrorReason::unsupported_alg, "alg \"" + alg_name + "\" is not supported (HS256, RS256, ES256)");
    }
    // RFC 7515 §4.1.11: a critical extension we do not implement means the token must be refused.
    if (header->contains("crit")) {
        return fail(TokenErrorReason::malformed, "header lists critical extensions, none of which are supported");
    }
    const std::string* kid = nullptr;
    if (const auto it = header->find("kid"); it != header->end()) {
        if (!it->is_string()) {
            return fail(TokenErrorReason::malformed, "header kid is not a string");
        }
        kid = &it->get_ref<const std::string&>();
    }
    std::optional<nlohmann::json> claims = decode_json_object(segments[1]);
    if (!claims) {
        return fail(TokenErrorReason::malformed, "payload is not a base64url-encoded JSON object");
    }
    const std::optional<std::string> signature = Base64Url::decode(segments[2]);
    if (!signature) {
        return fail(TokenErrorReason::malformed, "signature is not base64url");
    }
    const std::string_view signing_input = token.substr(0, segments[0].size() + 1 + segments[1].size());

    TokenError error{TokenErrorReason::bad_signature, {}};
    const KeySource* source = find_signing_source(*algorithm, kid, signing_input, *signature, error);
    if (source == nullptr) {
        return error;
    }
    return check_claims(*source, std::move(*claims));
}

const JwtVerifier::KeySource* JwtVerifier::find_signing_source(JwtAlgorithm algorithm, const std::string* kid,
                                                               std::string_view signing_input,
                                                               std::string_view signature, TokenError& error) const {
    // With a kid, keys carrying that kid are the candidates; if none does, keys without
    // a kid (ours, PEM, shared secrets) still are, since a kid alone does not name them.
    const auto kid_matches = [&](const KeySource& source) { return kid && source.key.kid() == *kid; };
    const bool kid_known = std::any_of(sources_.begin(), sources_.end(), [&](const KeySource& source) {
        return source.key.algorithm() == algorithm && kid_matches(source);
    });
    bool tried = false;
    for (const KeySource& source : sources_) {
        if (source.key.algorithm() != algorithm) {
            continue;
        }
        if (kid_known ? !kid_matches(source) : (kid && source.key.kid().has_value())) {
            continue;
        }
        tried = true;
        if (source.key.verify(signing_input, signature)) {
            return &source;
        }
    }
    if (!tried) {
        error = fail(TokenErrorReason::key_not_found,
                     kid ? "no " + std::string(to_string(algorithm)) + " key with kid \"" + *kid + "\""
                         : "no " + std::string(to_string(algorithm)) + " key is configured");
    } else {
        error = fail(TokenErrorReason::bad_signature, "signature does not match any configured " +
                                                          std::string(to_string(algorithm)) + " key");
    }
    return nullptr;
}

VerifyResult JwtVerifier::check_claims(const KeySource& source, nlohmann::json claims) const {
    const std::int64_t now =
        std::chrono::duration_cast<std::chrono::seconds>(clock_().time_since_epoch()).count();
    const std::int64_t leeway = leeway_.count();

    const auto exp_claim = claims.find("exp");
    if (exp_claim == claims.end()) {
        return fail(TokenErrorReason::malformed, "token has no exp claim");
    }
    const std::optional<std::int64_t> expires_at = numeric_date(*exp_claim);
    if (!expires_at) {
        return fail(TokenErrorReason::malformed, "exp claim is not a number");
    }
    if (*expires_at <= now - leeway) {
        return fail(TokenErrorReason::expired, "token expired at " + std::to_string(*expires_at) + ", now is " +
                                                   std::to_string(now));
    }
    for (const char* name : {"nbf", "iat"}) {
        const auto claim = claims.find(name);
        if (claim == claims.end()) {
            continue;
        }
        const std::optional<std::int64_t> when = numeric_date(*claim);
        if (!when) {
            return fail(TokenErrorReason::malformed, std::string(name) + " claim is not a number");
        }
        if (*when > now + leeway) {
            return fail(TokenErrorReason::not_yet_valid, std::string(name) + " is " + std::to_string(*when) +
                                                             ", now is " + std::to_string(now));
        }
    }
    if (const auto& issuer = source.expected.issuer) {
        const auto iss = claims.find("iss");
        if (iss == claims.end() || !iss->is_string() || iss->get_ref<const std::string&>() != *issuer) {
            return fail(TokenErrorReason::wrong_issuer, "iss is not \"" + *issuer + "\"");
        }
    }
    if (const auto& audience = source.expected.audience) {
        if (!audience_matches(claims, *audience)) {
            return fail(TokenErrorReason::wrong_audience, "aud does not contain \"" + *audience + "\"");
        }
    }
    const auto sub = claims.find("sub");
    if (sub == claims.end() || !sub->is_string() || sub->get_ref<const std::string&>().empty()) {
        return fail(TokenErrorReason::missing_subject, "sub claim is missing or not a non-empty string");
    }
    std::string subject = sub->get<std::string>();
    return VerifiedToken{std::move(subject), *expires_at, std::move(claims), source.source};
}

}  // namespace switchboard::auth
