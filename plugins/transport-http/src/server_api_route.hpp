#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace switchboard::plugins::transport_http {

// A REST endpoint of the server API under /v1/server/ and the kernel op it
// stands for (docs/protocol.md, "Server API"): path parameters become fields
// of the op's data, next to the JSON body's.
struct ServerApiRoute {
    // How a successful answer maps onto 200 / 201.
    enum class Created { never, always, if_created, unless_duplicate };

    std::string op;
    nlohmann::json path_fields = nlohmann::json::object();
    Created created = Created::never;

    // The route for `method` and `path` (query: the user_id argument of a
    // conversation list); nullopt when no endpoint has that path. *allowed
    // gets the methods of a path that exists but not with that method.
    static std::optional<ServerApiRoute> match(std::string_view method, std::string_view path,
                                               std::optional<std::string_view> user_id_argument,
                                               std::string* allowed);
    // The status of an ok answer with `data`.
    unsigned success_status(const nlohmann::json& data) const;
};

}  // namespace switchboard::plugins::transport_http
