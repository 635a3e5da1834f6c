#pragma once

#include <sys/types.h>

#include <string>

#include <nlohmann/json.hpp>

namespace switchboard::tests::push {

// The Node fake providers (tests/push-fakes/fake_providers.js) in a child
// process with its own temporary directory; stopped (stdin closed, then
// killed) on destruction. Control requests go through libcurl.
class FakeProviders {
public:
    explicit FakeProviders(const std::string& extra_args = "");
    ~FakeProviders();
    FakeProviders(const FakeProviders&) = delete;
    FakeProviders& operator=(const FakeProviders&) = delete;

    // What the fake printed: port, base_url, ca_file, fcm_service_account_file, ...
    const nlohmann::json& info() const { return info_; }
    std::string base_url() const { return info_["base_url"]; }
    std::string ca_file() const { return info_["ca_file"]; }
    const std::string& dir() const { return dir_; }
    pid_t pid() const { return pid_; }

    nlohmann::json get(const std::string& path) const;
    nlohmann::json post(const std::string& path, const nlohmann::json& body) const;

    nlohmann::json received(const std::string& provider) const { return get("/control/received?provider=" + provider); }
    nlohmann::json errors() const { return get("/control/errors"); }
    // Scripts the next answers of `provider`: [{status, reason?, retry_after?}, ...].
    void script(const std::string& provider, const nlohmann::json& responses) const {
        post("/control/script", {{"provider", provider}, {"responses", responses}});
    }
    // Every `every`th request of `provider` meets `action`: refuse, reset, drop, goaway or hang (0: off).
    void chaos(const std::string& provider, int every, const std::string& action) const {
        post("/control/chaos", {{"provider", provider}, {"every", every}, {"action", action}});
    }

private:
    std::string dir_;
    pid_t pid_ = -1;
    int stdin_fd_ = -1;
    nlohmann::json info_;
};

}  // namespace switchboard::tests::push
