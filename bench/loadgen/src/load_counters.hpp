#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "latency_histogram.hpp"

namespace switchboard::bench {

// What happened to the messages of one period (a measured step, or the run).
struct LoadCounters {
    uint64_t sent = 0;
    uint64_t acked = 0;
    uint64_t delivered = 0;
    std::map<std::string, uint64_t> errors;
    LatencyHistogram delivery_latency;  // send -> the event at a recipient
    LatencyHistogram ack_latency;       // send -> the sender's ok
};

}  // namespace switchboard::bench
