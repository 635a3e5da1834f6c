#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

struct MHD_Daemon;

namespace switchboard::tests::push {

// A plain HTTP/1.1 server on 127.0.0.1 (libmicrohttpd, which speaks no
// HTTP/2): what an integrator's webhook endpoint usually is. It answers 200
// to every request and records what it got.
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
    ~PlainHttpServer();
    PlainHttpServer(const PlainHttpServer&) = delete;
    PlainHttpServer& operator=(const PlainHttpServer&) = delete;

    std::string url(const std::string& path) const;
    std::vector<Request> requests() const;
    // Called on the server's thread for each complete request.
    void record(Request request);

private:

    MHD_Daemon* daemon_ = nullptr;
    unsigned port_ = 0;
    mutable std::mutex mutex_;
    std::vector<Request> requests_;
};

}  // namespace switchboard::tests::push
