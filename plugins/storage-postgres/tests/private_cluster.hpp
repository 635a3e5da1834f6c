#pragma once

#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace switchboard::plugins::storage_postgres::testing {

// A PostgreSQL cluster of this test's own (postgres_cluster.sh) on a free
// loopback port, for tests that take the server down: the shared cluster
// serves the tests running in parallel. Removed at the end.
class PrivateCluster {
public:
    PrivateCluster() {
        std::string pattern = (std::filesystem::temp_directory_path() / "sb-pg-private-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        state_dir_ = pattern;
        port_ = free_port();
        run("start " + state_dir_.string() + " " + std::to_string(port_));
    }
    ~PrivateCluster() {
        std::system((script() + " stop " + state_dir_.string() + " >/dev/null 2>&1").c_str());
        std::error_code ignored;
        std::filesystem::remove_all(state_dir_, ignored);
    }
    PrivateCluster(const PrivateCluster&) = delete;
    PrivateCluster& operator=(const PrivateCluster&) = delete;

    std::string url() const { return "postgresql://switchboard@127.0.0.1:" + std::to_string(port_) + "/switchboard"; }
    // The server goes down (keeping its data), then comes back on the same port.
    void pause() { run("pause " + state_dir_.string()); }
    void resume() { run("resume " + state_dir_.string()); }

private:
    static std::string script() { return STORAGE_POSTGRES_CLUSTER_SCRIPT; }
    static void run(const std::string& arguments) {
        std::string command = script() + " " + arguments + " >/dev/null";
        if (std::system(command.c_str()) != 0) throw std::runtime_error("failed: " + command);
    }
    static int free_port() {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof(address);
        if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
            getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
            close(fd);
            throw std::runtime_error("cannot find a free port");
        }
        close(fd);
        return ntohs(address.sin_port);
    }

    std::filesystem::path state_dir_;
    int port_ = 0;
};

}  // namespace switchboard::plugins::storage_postgres::testing
