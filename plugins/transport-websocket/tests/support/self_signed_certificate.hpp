#pragma once

#include <string>

namespace switchboard::plugins::transport_websocket::support {

// A throwaway self-signed certificate for localhost, made with the openssl
// command-line tool in a fresh temporary directory that is removed afterwards.
class SelfSignedCertificate {
public:
    SelfSignedCertificate();
    ~SelfSignedCertificate();
    SelfSignedCertificate(const SelfSignedCertificate&) = delete;
    SelfSignedCertificate& operator=(const SelfSignedCertificate&) = delete;

    bool created() const { return created_; }
    const std::string& cert_file() const { return cert_file_; }
    const std::string& key_file() const { return key_file_; }

private:
    std::string directory_;
    std::string cert_file_;
    std::string key_file_;
    bool created_ = false;
};

}  // namespace switchboard::plugins::transport_websocket::support
