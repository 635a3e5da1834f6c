#include "fake_providers.hpp"

#include <curl/curl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>
#include <vector>

extern char** environ;

namespace switchboard::tests::push {

namespace {

size_t append(char* data, size_t size, size_t count, void* out) {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
}

nlohmann::json request(const std::string& url, const std::string& ca_file, const std::string* body) {
    CURL* curl = curl_easy_init();
    std::string response;
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file.c_str());
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &append);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
    if (body) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->c_str());
    CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) throw std::runtime_error(url + ": " + curl_easy_strerror(rc));
    if (status != 200) throw std::runtime_error(url + ": HTTP " + std::to_string(status) + " " + response);
    return nlohmann::json::parse(response);
}

}  // namespace

FakeProviders::FakeProviders(const std::string& extra_args) {
    char pattern[] = "/tmp/sb-push-fakes-XXXXXX";
    if (!mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) throw std::runtime_error("pipe failed");
    std::string command = "exec node '" SB_PUSH_FAKES_SCRIPT "' --dir '" + dir_ + "' " + extra_args;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addclose(&actions, in[1]);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    setenv("NODE_PATH", SB_PUSH_FAKES_NODE_MODULES, 1);
    const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
    int rc = posix_spawn(&pid_, "/bin/sh", &actions, nullptr, const_cast<char* const*>(argv), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(in[0]);
    close(out[1]);
    stdin_fd_ = in[1];
    if (rc != 0) throw std::runtime_error("cannot start node");
    std::string line;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (line.find('\n') == std::string::npos) {
        pollfd pfd{out[0], POLLIN, 0};
        if (std::chrono::steady_clock::now() > deadline || poll(&pfd, 1, 1000) < 0) break;
        if (!(pfd.revents & (POLLIN | POLLHUP))) continue;
        char buffer[4096];
        ssize_t n = read(out[0], buffer, sizeof(buffer));
        if (n <= 0) break;
        line.append(buffer, static_cast<size_t>(n));
    }
    close(out[0]);
    if (line.find('\n') == std::string::npos) throw std::runtime_error("the fake providers did not start: " + line);
    info_ = nlohmann::json::parse(line.substr(0, line.find('\n')));
}

FakeProviders::~FakeProviders() {
    if (stdin_fd_ >= 0) close(stdin_fd_);
    if (pid_ > 0) {
        // It exits when its stdin closes; a second later it is killed.
        bool reaped = false;
        for (int i = 0; i < 50 && !reaped; ++i) {
            reaped = waitpid(pid_, nullptr, WNOHANG) == pid_;
            if (!reaped) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        if (!reaped) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

nlohmann::json FakeProviders::get(const std::string& path) const { return request(base_url() + path, ca_file(), nullptr); }

nlohmann::json FakeProviders::post(const std::string& path, const nlohmann::json& body) const {
    std::string text = body.dump();
    return request(base_url() + path, ca_file(), &text);
}

}  // namespace switchboard::tests::push
