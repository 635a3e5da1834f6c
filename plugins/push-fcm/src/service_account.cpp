#include "service_account.hpp"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "switchboard/sdk/error.hpp"

namespace switchboard::plugins::push_fcm {

ServiceAccount ServiceAccount::load(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw sdk::Error(SB_ERR_BAD_REQUEST, "service_account_file '" + path + "' cannot be read");
    std::stringstream text;
    text << in.rdbuf();
    nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, false);
    if (!doc.is_object())
        throw sdk::Error(SB_ERR_BAD_REQUEST, "service_account_file '" + path + "' is not a JSON object");
    auto field = [&](const char* name, bool required) -> std::string {
        auto it = doc.find(name);
        if (it != doc.end() && it->is_string() && !it->get<std::string>().empty()) return *it;
        if (required)
            throw sdk::Error(SB_ERR_BAD_REQUEST,
                             "service_account_file '" + path + "' has no \"" + name + "\" string (is it a service-account key?)");
        return "";
    };
    ServiceAccount account;
    account.project_id = field("project_id", false);
    account.client_email = field("client_email", true);
    account.private_key_id = field("private_key_id", false);
    account.private_key_pem = field("private_key", true);
    account.token_uri = field("token_uri", false);
    return account;
}

}  // namespace switchboard::plugins::push_fcm
