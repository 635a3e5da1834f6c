#include "switchboard/config/problem.hpp"

namespace switchboard::config {

Problem Problem::at(const Location& where, std::string message) {
    return Problem{where.file, where.line, where.column, where.key_path, std::move(message)};
}

std::string Problem::to_string() const {
    std::string text = file;
    if (line > 0) {
        text += ":" + std::to_string(line);
        if (column > 0) text += ":" + std::to_string(column);
    }
    if (!text.empty()) text += ": ";
    if (!key_path.empty()) text += key_path + ": ";
    return text + message;
}

}  // namespace switchboard::config
