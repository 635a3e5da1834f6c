#include "switchboard/config/interpolator.hpp"

#include <cstdlib>

namespace switchboard::config {

namespace {

bool is_variable_name(std::string_view name) {
    if (name.empty()) return false;
    for (size_t i = 0; i < name.size(); ++i) {
        char c = name[i];
        bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
        bool digit = c >= '0' && c <= '9';
        if (!letter && !(digit && i > 0)) return false;
    }
    return true;
}

}  // namespace

Interpolator::Interpolator(Lookup lookup) : lookup_(std::move(lookup)) {}

const Interpolator& Interpolator::environment() {
    static const Interpolator instance([](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());
        if (!value) return std::nullopt;
        return std::string(value);
    });
    return instance;
}

Interpolator::Result Interpolator::expand(std::string_view text) const {
    Result result;
    size_t i = 0;
    while (i < text.size()) {
        if (text.substr(i, 3) == "$${") {
            result.value += "${";
            i += 3;
            continue;
        }
        if (text.substr(i, 2) != "${") {
            result.value += text[i++];
            continue;
        }
        size_t close = text.find('}', i + 2);
        if (close == std::string_view::npos) {
            result.errors.push_back("unterminated '${' (missing '}'); write '$${' for a literal '${'");
            break;
        }
        std::string_view inner = text.substr(i + 2, close - i - 2);
        size_t separator = inner.find(":-");
        std::string_view name = inner.substr(0, separator);
        i = close + 1;
        if (!is_variable_name(name)) {
            result.errors.push_back("invalid variable reference '${" + std::string(inner) +
                                    "}': expected ${NAME} or ${NAME:-default}, NAME made of letters, digits and '_'");
            continue;
        }
        std::optional<std::string> value = lookup_(std::string(name));
        if (separator != std::string_view::npos) {
            if (value && !value->empty())
                result.value += *value;
            else
                result.value += inner.substr(separator + 2);
        } else if (value) {
            result.value += *value;
        } else {
            result.errors.push_back("environment variable '" + std::string(name) + "' is not set (write ${" +
                                    std::string(name) + ":-default} to give a default)");
        }
    }
    return result;
}

std::optional<std::string> Interpolator::expand_scalar(const YAML::Node& scalar, const Location& where,
                                                       std::vector<Problem>& problems) const {
    Result result = expand(scalar.Scalar());
    if (result.errors.empty()) return std::move(result.value);
    for (std::string& error : result.errors) problems.push_back(Problem::at(where, std::move(error)));
    return std::nullopt;
}

}  // namespace switchboard::config
