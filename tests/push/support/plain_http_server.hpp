#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <vector>

struct MHD_Daemon;

namespace switchboard::tests::push {

// A plain HTTP/1.1 server on 127.0.0.1 (libmicrohttpd, which speaks no
// HTTP/2): what an integrator's webhook endpoint usually is. It answers 200
// to every request and records what it got. With a key and certificate it
// serves HTTPS, still HTTP/1.1 only (its TLS offers no ALPN protocol).
class PlainHttpServer {
public:
    struct Request {
        std::string version;  // "HTTP/1.1"
        std::string method;
        std::string path;
        std::map<std::string, std::string> headers;  // names lower-case
        std::string body;
    };

    PlainHttpServer();
    // HTTPS with the PEM files' key and certificate.
    PlainHttpServer(const std::string& key_file, const std::string& cert_file);
    ~PlainHttpServer();
    PlainHttpServer(const PlainHttpServer&) = delete;
    PlainHttpServer& operator=(const PlainHttpServer&) = delete;

    std::string url(const std::string& path) const;
    std::vector<Request> requests() const;
    // TCP connections accepted so far.
    size_t connections() const { return connections_.load(); }
    // Called on the server's thread for each complete request.
    void record(Request request);

private:
    void start(unsigned flags);

    std::string key_pem_;
    std::string cert_pem_;
    std::atomic<size_t> connections_{0};
    MHD_Daemon* daemon_ = nullptr;
    unsigned port_ = 0;
    mutable std::mutex mutex_;
    std::vector<Request> requests_;
};

}  // namespace switchboard::tests::push
