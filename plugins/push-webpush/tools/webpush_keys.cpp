// switchboard-webpush-keys: prints a new VAPID key pair as the YAML of
// push.webpush (and, with --pem, the private key as PEM for
// vapid_private_key_file). The public key is also the web app's
// applicationServerKey.
#include <cstring>
#include <iostream>

#include "vapid_keys.hpp"

int main(int argc, char** argv) {
    bool pem = argc == 2 && std::strcmp(argv[1], "--pem") == 0;
    if (argc > 2 || (argc == 2 && !pem)) {
        std::cerr << "usage: switchboard-webpush-keys [--pem]\n";
        return 2;
    }
    auto keys = switchboard::plugins::push_webpush::VapidKeys::generate();
    if (pem) {
        std::cout << keys.key().private_pem();
        return 0;
    }
    std::cout << "# push.webpush config; keep the private key secret\n"
              << "vapid_public_key: " << keys.public_key_base64url() << "\n"
              << "vapid_private_key: " << keys.private_key_base64url() << "\n";
    return 0;
}
