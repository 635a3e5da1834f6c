#include "plain_http_server.hpp"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <vector>

namespace switchboard::tests::push {

namespace {

MHD_Result collect_header(void* cls, MHD_ValueKind, const char* key, const char* value) {
    std::string name(key);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    static_cast<PlainHttpServer::Request*>(cls)->headers[name] = value ? value : "";
    return MHD_YES;
}

MHD_Result on_request(void* self, MHD_Connection* connection, const char* url, const char* method,
                      const char* version, const char* upload_data, size_t* upload_data_size, void** state) {
    auto* server = static_cast<PlainHttpServer*>(self);
    if (*state == nullptr) {
        auto request = std::make_unique<PlainHttpServer::Request>(PlainHttpServer::Request{version, method, url, {}, {}});
        MHD_get_connection_values(connection, MHD_HEADER_KIND, &collect_header, request.get());
        *state = request.release();
        return MHD_YES;
    }
    auto* request = static_cast<PlainHttpServer::Request*>(*state);
    if (*upload_data_size > 0) {
        request->body.append(upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    server->record(*request);
    static const char kOk[] = "{}";
    MHD_Response* response = MHD_create_response_from_buffer(sizeof(kOk) - 1, const_cast<char*>(kOk),
                                                             MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(response, "Content-Type", "application/json");
    MHD_Result queued = MHD_queue_response(connection, MHD_HTTP_OK, response);
    MHD_destroy_response(response);
    return queued;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

PlainHttpServer::PlainHttpServer() {
    start(0);
}

PlainHttpServer::PlainHttpServer(const std::string& key_file, const std::string& cert_file)
    : key_pem_(read_file(key_file)), cert_pem_(read_file(cert_file)) {
    if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) throw std::runtime_error("libmicrohttpd has no TLS");
    start(MHD_USE_TLS);
}

void PlainHttpServer::start(unsigned flags) {
    std::vector<MHD_OptionItem> tls;
    if (flags & MHD_USE_TLS) {
        tls.push_back({MHD_OPTION_HTTPS_MEM_KEY, 0, const_cast<char*>(key_pem_.c_str())});
        tls.push_back({MHD_OPTION_HTTPS_MEM_CERT, 0, const_cast<char*>(cert_pem_.c_str())});
    }
    tls.push_back({MHD_OPTION_END, 0, nullptr});
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = 0;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    daemon_ = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | flags, 0, nullptr, nullptr,
        &on_request, this, MHD_OPTION_SOCK_ADDR,
        reinterpret_cast<const sockaddr*>(&address), MHD_OPTION_NOTIFY_COMPLETED,
        static_cast<MHD_RequestCompletedCallback>([](void*, MHD_Connection*, void** state, MHD_RequestTerminationCode) {
            delete static_cast<PlainHttpServer::Request*>(*state);
        }),
        nullptr, MHD_OPTION_NOTIFY_CONNECTION,
        static_cast<MHD_NotifyConnectionCallback>([](void* self, MHD_Connection*, void**, MHD_ConnectionNotificationCode code) {
            if (code == MHD_CONNECTION_NOTIFY_STARTED) static_cast<PlainHttpServer*>(self)->connections_++;
        }),
        this, MHD_OPTION_ARRAY, tls.data(), MHD_OPTION_END);
    if (daemon_ == nullptr) throw std::runtime_error("cannot start the plain HTTP server");
    port_ = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT)->port;
}

PlainHttpServer::~PlainHttpServer() {
    MHD_stop_daemon(daemon_);
}

std::string PlainHttpServer::url(const std::string& path) const {
    return (key_pem_.empty() ? "http://127.0.0.1:" : "https://127.0.0.1:") + std::to_string(port_) + path;
}

std::vector<PlainHttpServer::Request> PlainHttpServer::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

void PlainHttpServer::record(Request request) {
    std::lock_guard lock(mutex_);
    requests_.push_back(std::move(request));
}

}  // namespace switchboard::tests::push
