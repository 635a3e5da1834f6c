// Switchboard push kit (header-only): the TLS settings of Http2Client's
// HTTP/2 connections: peer verification against the system's CAs (or
// `ca_file`), ALPN offering h2 then http/1.1, and per connection SNI and the
// certificate's host name (or IP address) check.
#pragma once

#include <arpa/inet.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <string>

#include "switchboard/sdk/push/openssl_error.hpp"

namespace switchboard::sdk::push {

class TlsContext {
public:
    explicit TlsContext(const std::string& ca_file) : context_(SSL_CTX_new(TLS_client_method())) {
        if (!context_) throw OpenSslError("SSL_CTX_new");
        SSL_CTX_set_min_proto_version(context_, TLS1_2_VERSION);
        SSL_CTX_set_verify(context_, SSL_VERIFY_PEER, nullptr);
        int loaded = ca_file.empty() ? SSL_CTX_set_default_verify_paths(context_)
                                     : SSL_CTX_load_verify_locations(context_, ca_file.c_str(), nullptr);
        if (loaded != 1) {
            SSL_CTX_free(context_);
            throw OpenSslError(ca_file.empty() ? std::string("cannot load the system's CAs")
                                               : "cannot load ca_file " + ca_file);
        }
        // A server without HTTP/2 selects http/1.1 (or nothing): the
        // connection tells its origin to go to HTTP/1.1 from then on.
        static const unsigned char protocols[] = {2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
        SSL_CTX_set_alpn_protos(context_, protocols, sizeof(protocols));
        // Partial writes and a moving buffer: a connection writes what it
        // has in one call and keeps the rest when the socket is full.
        SSL_CTX_set_mode(context_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
        // Whole TLS records per recv(); connections read until SSL_read
        // wants more, so nothing waits in OpenSSL's buffer.
        SSL_CTX_set_read_ahead(context_, 1);
    }
    ~TlsContext() { SSL_CTX_free(context_); }
    TlsContext(const TlsContext&) = delete;
    TlsContext& operator=(const TlsContext&) = delete;

    // A client session on `fd` for `host`: SNI (names only) and the
    // certificate checked against the name or the IP address.
    SSL* session(int fd, const std::string& host) const {
        SSL* ssl = SSL_new(context_);
        if (!ssl) throw OpenSslError("SSL_new");
        unsigned char address[16];
        bool ip = inet_pton(AF_INET, host.c_str(), address) == 1 || inet_pton(AF_INET6, host.c_str(), address) == 1;
        X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
        X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        int checked = ip ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) : X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0);
        if (checked != 1 || (!ip && SSL_set_tlsext_host_name(ssl, host.c_str()) != 1) || SSL_set_fd(ssl, fd) != 1) {
            SSL_free(ssl);
            throw OpenSslError("TLS setup for " + host);
        }
        return ssl;
    }

private:
    SSL_CTX* context_;
};

}  // namespace switchboard::sdk::push
