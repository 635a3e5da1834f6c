#pragma once

#include <sys/types.h>

#include <string>

namespace switchboard::bench::push {

// Debian's nginx (nginx-light: http_v2 and stub_status built in) as a cheap
// HTTP/2 + TLS push provider for the throughput bench: one process
// (`master_process off`), a generated config in its own temporary directory
// (pid, logs and temp paths inside it), listening on 127.0.0.1 at a free
// port with the given certificate, answering every provider path what the
// real service answers on success, without reading anything it is sent.
// Killed on destruction.
class NginxSink {
public:
    NginxSink(const std::string& cert_file, const std::string& key_file);
    ~NginxSink();
    NginxSink(const NginxSink&) = delete;
    NginxSink& operator=(const NginxSink&) = delete;

    std::string base_url() const { return "https://127.0.0.1:" + std::to_string(port_); }
    pid_t pid() const { return pid_; }

    // stub_status: requests started on all connections so far (this call's own included), and connections accepted.
    struct Counts {
        long requests = 0;
        long connections = 0;
    };
    Counts counts(const std::string& ca_file) const;

private:
    std::string dir_;
    int port_ = 0;
    pid_t pid_ = -1;
};

}  // namespace switchboard::bench::push
