#include <sys/resource.h>

#include <exception>
#include <iostream>
#include <memory>

#include "chat_scenario.hpp"
#include "event_loop.hpp"
#include "load_runner.hpp"
#include "metrics.hpp"
#include "mqtt_scenario.hpp"
#include "options.hpp"
#include "report_writer.hpp"
#include "url.hpp"

using namespace switchboard::bench;

namespace {

// Each connection is a descriptor: take the hard limit we are allowed.
void raise_open_file_limit(size_t connections) {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < connections + 64)
        std::cerr << "sb-loadgen: warning: the open-file limit (" << limit.rlim_cur << ") is below " << connections
                  << " connections\n";
}

}  // namespace

int main(int argc, char** argv) {
    try {
        Options options = Options::parse(argc, argv);
        Url url = Url::parse(options.url);
        if (options.protocol == "switchboard" && url.scheme != "ws")
            throw std::invalid_argument("--protocol switchboard needs a ws:// URL");
        if (options.protocol == "switchboard-mqtt" && url.scheme != "tcp")
            throw std::invalid_argument("--protocol switchboard-mqtt needs the broker's tcp:// URL");
        raise_open_file_limit(options.connections);

        EventLoop loop;
        Metrics metrics;
        std::unique_ptr<Scenario> scenario;
        if (options.protocol == "mqtt") scenario = std::make_unique<MqttScenario>(options, url, loop, metrics);
        else scenario = std::make_unique<ChatScenario>(options, url, loop, metrics);

        LoadRunner runner(options, loop, *scenario, metrics);
        RunReport report = runner.run();
        ReportWriter::write_text(std::cout, report);
        if (options.json) std::cout << ReportWriter::json_line(report) << "\n";
        return report.failure.empty() ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "sb-loadgen: " << e.what() << "\n";
        return 2;
    }
}
