#include "topic_layout.hpp"

#include <stdexcept>

namespace switchboard::plugins::transport_mqtt {

namespace {

bool usable_client_id(std::string_view id) {
    return !id.empty() && id.size() <= TopicLayout::kMaxClientIdBytes &&
           id.find_first_of("/+#") == std::string_view::npos && id.find('\0') == std::string_view::npos;
}

}  // namespace

TopicLayout::TopicLayout(std::string prefix) : prefix_(std::move(prefix)) {
    if (auto problem = prefix_problem(prefix_)) throw std::invalid_argument(*problem);
}

std::optional<std::string> TopicLayout::prefix_problem(std::string_view prefix) {
    if (prefix.empty()) return "the topic prefix must not be empty";
    if (prefix.find_first_of("+#") != std::string_view::npos)
        return "the topic prefix '" + std::string(prefix) + "' must not contain the wildcards '+' or '#'";
    if (prefix.front() == '/' || prefix.back() == '/')
        return "the topic prefix '" + std::string(prefix) + "' must not start or end with '/'";
    if (prefix.find("//") != std::string_view::npos)
        return "the topic prefix '" + std::string(prefix) + "' must not have an empty level ('//')";
    if (prefix.starts_with("$")) return "the topic prefix must not start with '$' (reserved by brokers)";
    return std::nullopt;
}

std::string TopicLayout::request_topic(std::string_view client_id) const {
    return prefix_ + "/req/" + std::string(client_id);
}

std::string TopicLayout::response_topic(std::string_view client_id) const {
    return prefix_ + "/res/" + std::string(client_id);
}

std::string TopicLayout::status_topic(std::string_view client_id) const {
    return prefix_ + "/status/" + std::string(client_id);
}

TopicLayout::Inbound TopicLayout::classify(std::string_view topic) const {
    if (topic.size() <= prefix_.size() + 1 || !topic.starts_with(prefix_) || topic[prefix_.size()] != '/') return {};
    std::string_view rest = topic.substr(prefix_.size() + 1);
    Kind kind;
    if (rest.starts_with("req/")) {
        kind = Kind::request;
        rest.remove_prefix(4);
    } else if (rest.starts_with("status/")) {
        kind = Kind::status;
        rest.remove_prefix(7);
    } else {
        return {};
    }
    if (!usable_client_id(rest)) return {};
    return Inbound{kind, rest};
}

}  // namespace switchboard::plugins::transport_mqtt
