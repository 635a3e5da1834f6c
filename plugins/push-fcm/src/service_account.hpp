#pragma once

#include <string>

namespace switchboard::plugins::push_fcm {

// The fields of a Google service-account key file (the JSON downloaded from
// the Firebase console) that the HTTP v1 API needs.
struct ServiceAccount {
    std::string project_id;
    std::string client_email;
    std::string private_key_id;
    std::string private_key_pem;
    std::string token_uri;

    // Throws sdk::Error(SB_ERR_BAD_REQUEST) naming the file and the missing or
    // malformed field.
    static ServiceAccount load(const std::string& path);
};

}  // namespace switchboard::plugins::push_fcm
