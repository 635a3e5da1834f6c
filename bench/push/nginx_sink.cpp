#include "nginx_sink.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace switchboard::bench::push {

namespace {

constexpr const char* kNginx = "/usr/sbin/nginx";

sockaddr_in loopback(int port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

// A port the kernel just gave out and took back; nginx binds it a moment later.
int free_port() {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address = loopback(0);
    socklen_t length = sizeof(address);
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        if (fd >= 0) close(fd);
        throw std::runtime_error("nginx sink: no free port on 127.0.0.1");
    }
    close(fd);
    return ntohs(address.sin_port);
}

bool accepts(int port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address = loopback(port);
    bool connected = fd >= 0 && connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
    if (fd >= 0) close(fd);
    return connected;
}

// What each provider answers on success: APNs 200 with the apns-id it was
// given, FCM 200 with the message name, a webhook 200, Web Push 201 Created.
// The body is read before the answer, as a real service does: nginx would
// answer `return` at once and end the stream with RST_STREAM(NO_ERROR) while
// the body is still coming, which libcurl 7.88 reports as "Stream error in
// the HTTP/2 framing layer". Only the mirror module reads a body without
// proxying it (its subrequest goes nowhere: 204), the static module then
// finds no file (404, not logged), and error_page turns that into the answer.
std::string config(const std::string& dir, int port, const std::string& cert_file, const std::string& key_file) {
    std::ostringstream c;
    c << "daemon off;\n"
         "master_process off;\n"
         "worker_processes 1;\n"
         "pid "
      << dir << "/nginx.pid;\n"
      << "error_log " << dir << "/error.log warn;\n"
      << "events { worker_connections 1024; }\n"
         "http {\n"
         "  access_log off;\n"
         "  client_body_temp_path "
      << dir << "/body;\n"
      << "  proxy_temp_path " << dir << "/proxy;\n"
      << "  fastcgi_temp_path " << dir << "/fastcgi;\n"
      << "  uwsgi_temp_path " << dir << "/uwsgi;\n"
      << "  scgi_temp_path " << dir << "/scgi;\n"
      << "  keepalive_requests 100000000;\n"
         "  keepalive_timeout 300s;\n"
         "  client_body_buffer_size 64k;\n"
         "  http2_max_concurrent_streams 4000;\n"
         "  server {\n"
         "    listen 127.0.0.1:"
      << port << " ssl http2;\n"
      << "    ssl_certificate " << cert_file << ";\n"
      << "    ssl_certificate_key " << key_file << ";\n"
      << "    root " << dir << ";\n"
      << "    log_not_found off;\n"
         "    mirror /read-body;\n"
         "    mirror_request_body on;\n"
         "    location = /read-body { internal; return 204; }\n"
         "    location ~ ^/(production|sandbox)/3/device/ { error_page 404 =200 @apns; }\n"
         "    location ~ ^/v1/projects/[^/]+/messages:send$ { error_page 404 =200 @fcm; }\n"
         "    location = /webhook { error_page 404 =200 @empty; }\n"
         "    location /webpush/ { error_page 404 =201 @empty; }\n"
         "    location @apns { add_header apns-id $http_apns_id always; return 200; }\n"
         "    location @fcm { default_type application/json; return 200 '{\"name\":\"projects/p/messages/1\"}'; }\n"
         "    location @empty { return 200; }\n"
         "    location = /nginx_status { mirror off; stub_status; }\n"
         "  }\n"
         "}\n";
    return c.str();
}

size_t append(char* data, size_t size, size_t count, void* out) {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
}

}  // namespace

NginxSink::NginxSink(const std::string& cert_file, const std::string& key_file) {
    if (access(kNginx, X_OK) != 0)
        throw std::runtime_error("nginx sink: no /usr/sbin/nginx (scripts/install-deps.sh --bench installs nginx-light)");
    char pattern[] = "/tmp/sb-push-nginx-XXXXXX";
    if (!mkdtemp(pattern)) throw std::runtime_error("nginx sink: mkdtemp failed");
    dir_ = pattern;
    port_ = free_port();
    std::ofstream(dir_ + "/nginx.conf") << config(dir_, port_, cert_file, key_file);
    std::string conf = dir_ + "/nginx.conf";
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("nginx sink: fork failed");
    if (pid_ == 0) {
        // Dies with the bench, whatever ends it.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        execl(kNginx, kNginx, "-p", dir_.c_str(), "-c", conf.c_str(), "-e", (dir_ + "/error.log").c_str(),
              static_cast<char*>(nullptr));
        _exit(127);
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!accepts(port_)) {
        if (waitpid(pid_, nullptr, WNOHANG) == pid_ || std::chrono::steady_clock::now() > deadline) {
            std::ifstream log(dir_ + "/error.log");
            std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
            pid_ = -1;
            throw std::runtime_error("nginx sink: nginx did not start on port " + std::to_string(port_) + ": " + text);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

NginxSink::~NginxSink() {
    if (pid_ > 0) {
        // SIGTERM: a fast shutdown; a second later it is killed.
        kill(pid_, SIGTERM);
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

NginxSink::Counts NginxSink::counts(const std::string& ca_file) const {
    CURL* curl = curl_easy_init();
    std::string text;
    std::string url = base_url() + "/nginx_status";
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file.c_str());
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &append);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &text);
    CURLcode rc = curl_easy_perform(curl);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) throw std::runtime_error(url + ": " + curl_easy_strerror(rc));
    // "Active connections: 1 \nserver accepts handled requests\n 5 5 20002 \n..."
    std::istringstream in(text.substr(text.find("requests") + 8));
    Counts counts;
    long handled = 0;
    in >> counts.connections >> handled >> counts.requests;
    return counts;
}

}  // namespace switchboard::bench::push
