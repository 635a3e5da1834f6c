#include "db/connection_settings.hpp"

#include <libpq-fe.h>

#include <map>
#include <memory>

#include "switchboard/sdk/error.hpp"

namespace switchboard::plugins::storage_postgres::db {

namespace {

// A value in libpq's keyword='value' syntax: quoted, with \ and ' escaped.
std::string quoted(const std::string& value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\\' || c == '\'') out += '\\';
        out += c;
    }
    return out + "'";
}

std::string describe(const std::map<std::string, std::string>& options) {
    auto value = [&](const char* key) {
        auto it = options.find(key);
        return it == options.end() ? std::string() : it->second;
    };
    std::string host = value("host").empty() ? value("hostaddr") : value("host");
    std::string description = "postgresql://";
    if (!value("user").empty()) description += value("user") + "@";
    description += host.empty() ? "localhost" : host;
    if (!value("port").empty()) description += ":" + value("port");
    description += "/" + value("dbname");
    return description;
}

}  // namespace

ConnectionSettings ConnectionSettings::parse(const std::string& url, int64_t connect_timeout_ms) {
    char* error = nullptr;
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> parsed(PQconninfoParse(url.c_str(), &error),
                                                                         &PQconninfoFree);
    if (!parsed) {
        std::string reason = error ? error : "out of memory";
        PQfreemem(error);
        while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
        throw sdk::Error(SB_ERR_BAD_REQUEST,
                         "storage.postgres: option 'url' is not a PostgreSQL URL or connection string: " + reason);
    }
    std::map<std::string, std::string> options;
    for (const PQconninfoOption* option = parsed.get(); option->keyword != nullptr; ++option)
        if (option->val != nullptr) options[option->keyword] = option->val;
    options["connect_timeout"] = std::to_string((connect_timeout_ms + 999) / 1000);
    options.try_emplace("application_name", "switchboard");

    ConnectionSettings settings;
    for (const auto& [keyword, value] : options) {
        if (!settings.conninfo.empty()) settings.conninfo += ' ';
        settings.conninfo += keyword + "=" + quoted(value);
    }
    settings.description = describe(options);
    return settings;
}

}  // namespace switchboard::plugins::storage_postgres::db
