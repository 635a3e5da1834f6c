#pragma once

#include <ostream>
#include <string>

#include "run_report.hpp"

namespace switchboard::bench {

// Prints a RunReport for people (a table per step) and for scripts (one JSON line).
class ReportWriter {
public:
    static void write_text(std::ostream& out, const RunReport& report);
    static std::string json_line(const RunReport& report);
};

}  // namespace switchboard::bench
