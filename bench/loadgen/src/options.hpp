#pragma once

#include <sys/types.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace switchboard::bench {

// sb-loadgen's command line.
struct Options {
    std::string protocol = "switchboard";  // switchboard | switchboard-mqtt | mqtt
    std::string scenario = "idle";         // idle | direct | group
    std::string url = "ws://127.0.0.1:8081/v1/ws";
    size_t connections = 100;
    double connect_rate = 2000;
    size_t max_pending_connects = 256;
    size_t group_size = 100;
    size_t senders_per_group = 10;
    std::vector<double> rates;  // one measured step per rate
    double duration_s = 10;
    double warmup_s = 2;
    double drain_s = 3;
    double connect_timeout_s = 60;
    double setup_timeout_s = 60;
    size_t body_bytes = 64;
    int64_t read_interval_us = 0;
    std::string jwt_secret;
    std::string user_prefix = "bench-u";
    int mqtt_qos = 0;
    std::string mqtt_topic_prefix = "sb/v1";
    std::optional<pid_t> server_pid;
    bool stop_at_saturation = false;
    double max_p99_ms = 1000;
    std::string label;
    bool json = false;

    // Parses argv; prints help and exits on --help, throws on bad input.
    static Options parse(int argc, char** argv);
};

}  // namespace switchboard::bench
