#include "self_signed_certificate.hpp"

#include <cstdlib>
#include <filesystem>

namespace switchboard::plugins::transport_websocket::support {

SelfSignedCertificate::SelfSignedCertificate() {
    std::string pattern = (std::filesystem::temp_directory_path() / "sb-ws-tls-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) return;
    directory_ = pattern;
    cert_file_ = directory_ + "/cert.pem";
    key_file_ = directory_ + "/key.pem";
    const std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -keyout '" +
                                key_file_ + "' -out '" + cert_file_ + "' >/dev/null 2>&1";
    created_ = std::system(command.c_str()) == 0 && std::filesystem::exists(cert_file_);
}

SelfSignedCertificate::~SelfSignedCertificate() {
    std::error_code ignored;
    if (!directory_.empty()) std::filesystem::remove_all(directory_, ignored);
}

}  // namespace switchboard::plugins::transport_websocket::support
