#include "options.hpp"

#include <boost/program_options.hpp>

#include <cstdlib>
#include <iostream>
#include <sstream>
#include <stdexcept>

namespace switchboard::bench {

namespace po = boost::program_options;

namespace {

std::vector<double> parse_rates(const std::string& text) {
    std::vector<double> rates;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        if (item.empty()) continue;
        double rate = std::stod(item);
        if (rate <= 0) throw std::invalid_argument("--rate: every rate must be positive, got " + item);
        rates.push_back(rate);
    }
    return rates;
}

void require(bool condition, const std::string& message) {
    if (!condition) throw std::invalid_argument(message);
}

}  // namespace

Options Options::parse(int argc, char** argv) {
    Options o;
    std::string rates;
    int server_pid = 0;
    po::options_description described("sb-loadgen: load generator for Switchboard (and an MQTT broker to compare)");
    described.add_options()
        ("help,h", "print this help")
        ("protocol", po::value(&o.protocol)->default_value(o.protocol),
         "switchboard (JSON envelope over WebSocket), switchboard-mqtt (the envelope through an MQTT broker's tcp:// "
         "listener to transport.mqtt) or mqtt (MQTT 5; ws:// uses the 'mqtt' subprotocol, tcp:// the plain listener)")
        ("mqtt-topic-prefix", po::value(&o.mqtt_topic_prefix)->default_value(o.mqtt_topic_prefix),
         "switchboard-mqtt: transport.mqtt's topic_prefix")
        ("scenario", po::value(&o.scenario)->default_value(o.scenario),
         "idle: hold the connections; direct: pairs in 1:1 conversations; group: groups of --group-size")
        ("url", po::value(&o.url)->default_value(o.url), "server endpoint: ws://host:port/path or tcp://host:port (mqtt)")
        ("connections", po::value(&o.connections)->default_value(o.connections), "connections to open and authenticate")
        ("connect-rate", po::value(&o.connect_rate)->default_value(o.connect_rate), "new connections per second during ramp-up")
        ("max-pending-connects", po::value(&o.max_pending_connects)->default_value(o.max_pending_connects),
         "connections opening (not yet authenticated) at once")
        ("group-size", po::value(&o.group_size)->default_value(o.group_size), "members per group (group scenario)")
        ("senders-per-group", po::value(&o.senders_per_group)->default_value(o.senders_per_group),
         "members of each group that send (group scenario)")
        ("rate", po::value(&rates), "messages per second, paced open-loop; a comma-separated list runs one step per rate")
        ("duration", po::value(&o.duration_s)->default_value(o.duration_s), "seconds measured per step (idle: seconds held)")
        ("warmup", po::value(&o.warmup_s)->default_value(o.warmup_s), "seconds of load before each measured step")
        ("drain", po::value(&o.drain_s)->default_value(o.drain_s), "most seconds to wait for late replies after each step")
        ("connect-timeout", po::value(&o.connect_timeout_s)->default_value(o.connect_timeout_s),
         "seconds allowed for opening the connections")
        ("setup-timeout", po::value(&o.setup_timeout_s)->default_value(o.setup_timeout_s),
         "seconds allowed for creating conversations or subscribing")
        ("body-bytes", po::value(&o.body_bytes)->default_value(o.body_bytes), "message body size")
        ("read-interval-us", po::value(&o.read_interval_us)->default_value(o.read_interval_us),
         "0: read as soon as data arrives; N: read every N microseconds, fewer syscalls and ACKs per frame, "
         "latencies rounded up by up to N")
        ("jwt-secret", po::value(&o.jwt_secret), "HS256 secret of the server (default: $SB_JWT_SECRET)")
        ("user-prefix", po::value(&o.user_prefix)->default_value(o.user_prefix), "user i is <prefix><i>")
        ("mqtt-qos", po::value(&o.mqtt_qos)->default_value(o.mqtt_qos), "QoS of the MQTT subscriptions (publishes use QoS 1 for an ack)")
        ("server-pid", po::value(&server_pid), "server process to sample (CPU, RSS) every 100 ms")
        ("stop-at-saturation", po::bool_switch(&o.stop_at_saturation), "stop the rate steps after the first one not sustained")
        ("max-p99-ms", po::value(&o.max_p99_ms)->default_value(o.max_p99_ms),
         "a step with a higher p99 delivery latency is not sustained")
        ("label", po::value(&o.label), "name echoed in the report")
        ("json", po::bool_switch(&o.json), "also print the report as one JSON line");

    po::variables_map values;
    po::store(po::parse_command_line(argc, argv, described), values);
    po::notify(values);
    if (values.count("help")) {
        std::cout << described << "\n";
        std::exit(0);
    }
    o.rates = parse_rates(rates);
    if (server_pid > 0) o.server_pid = static_cast<pid_t>(server_pid);
    if (o.jwt_secret.empty())
        if (const char* env = std::getenv("SB_JWT_SECRET")) o.jwt_secret = env;

    require(o.protocol == "switchboard" || o.protocol == "switchboard-mqtt" || o.protocol == "mqtt",
            "--protocol: switchboard, switchboard-mqtt or mqtt");
    require(o.scenario == "idle" || o.scenario == "direct" || o.scenario == "group", "--scenario: idle, direct or group");
    require(o.connections > 0, "--connections must be positive");
    require(o.connect_rate > 0, "--connect-rate must be positive");
    require(o.max_pending_connects > 0, "--max-pending-connects must be positive");
    require(o.duration_s > 0, "--duration must be positive");
    require(o.warmup_s >= 0 && o.drain_s >= 0, "--warmup and --drain cannot be negative");
    require(o.mqtt_qos == 0 || o.mqtt_qos == 1, "--mqtt-qos: 0 or 1");
    require(o.read_interval_us >= 0 && o.read_interval_us <= 100'000, "--read-interval-us: 0 to 100000");
    require(o.body_bytes <= 60 * 1024, "--body-bytes: at most 61440");
    if (o.protocol != "mqtt")
        require(!o.jwt_secret.empty(), "give --jwt-secret or set SB_JWT_SECRET (the server's auth.jwt_secret)");
    if (o.protocol == "mqtt") require(o.scenario != "direct", "--protocol mqtt runs the idle and group scenarios");
    if (o.scenario == "idle") {
        require(o.rates.empty(), "--rate does not apply to the idle scenario");
    } else {
        require(!o.rates.empty(), "--rate is required for the " + o.scenario + " scenario");
    }
    if (o.scenario == "direct") require(o.connections >= 2 && o.connections % 2 == 0, "--connections: an even number for direct pairs");
    if (o.scenario == "group") {
        require(o.group_size >= 2, "--group-size must be at least 2");
        require(o.connections >= o.group_size && o.connections % o.group_size == 0,
                "--connections must be a multiple of --group-size");
        require(o.senders_per_group >= 1 && o.senders_per_group <= o.group_size,
                "--senders-per-group must be between 1 and --group-size");
    }
    return o;
}

}  // namespace switchboard::bench
