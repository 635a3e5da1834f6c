#include "server_api_route.hpp"

#include <vector>

namespace switchboard::plugins::transport_http {

namespace {
std::vector<std::string_view> segments(std::string_view path) {
    std::vector<std::string_view> out;
    while (!path.empty()) {
        if (path.front() == '/') {
            path.remove_prefix(1);
            continue;
        }
        size_t end = path.find('/');
        out.push_back(path.substr(0, end));
        path = end == std::string_view::npos ? std::string_view() : path.substr(end);
    }
    return out;
}
}  // namespace

std::optional<ServerApiRoute> ServerApiRoute::match(std::string_view method, std::string_view path,
                                                    std::optional<std::string_view> user_id_argument,
                                                    std::string* allowed) {
    auto s = segments(path);  // "v1", "server", ...
    if (s.size() < 3 || s[0] != "v1" || s[1] != "server") return std::nullopt;
    ServerApiRoute r;
    auto only = [&](std::string_view wanted) {
        if (method == wanted) return true;
        *allowed = std::string(wanted);
        return false;
    };
    if (s[2] == "users" && s.size() == 4) {
        if (!only("PUT")) return std::nullopt;
        r.op = "server.user.upsert";
        r.path_fields["username"] = std::string(s[3]);
        r.created = Created::if_created;
        return r;
    }
    if (s[2] == "users" && s.size() == 5 && s[4] == "tokens") {
        if (!only("POST")) return std::nullopt;
        r.op = "server.token.create";
        r.path_fields["user_id"] = std::string(s[3]);
        r.created = Created::always;
        return r;
    }
    if (s[2] == "conversations" && s.size() == 3) {
        if (method == "GET") {
            r.op = "server.conversation.list";
            if (user_id_argument) r.path_fields["user_id"] = std::string(*user_id_argument);
            return r;
        }
        if (method == "POST") {
            r.op = "server.conversation.create";
            r.created = Created::if_created;
            return r;
        }
        *allowed = "GET, POST";
        return std::nullopt;
    }
    if (s[2] == "conversations" && s.size() == 5 && s[4] == "messages") {
        if (!only("POST")) return std::nullopt;
        r.op = "server.message.send";
        r.path_fields["conversation_id"] = std::string(s[3]);
        r.created = Created::unless_duplicate;
        return r;
    }
    return std::nullopt;
}

unsigned ServerApiRoute::success_status(const nlohmann::json& data) const {
    switch (created) {
        case Created::never: return 200;
        case Created::always: return 201;
        case Created::if_created: return data.is_object() && data.value("created", false) ? 201 : 200;
        case Created::unless_duplicate: return data.is_object() && data.value("duplicate", false) ? 200 : 201;
    }
    return 200;
}

}  // namespace switchboard::plugins::transport_http
