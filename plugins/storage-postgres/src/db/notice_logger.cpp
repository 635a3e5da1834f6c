#include "db/notice_logger.hpp"

#include <string_view>

namespace switchboard::plugins::storage_postgres::db {

bool NoticeLogger::operator()(const char message[]) noexcept {
    std::string_view text(message);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
    host_.warn(text);
    return false;  // handled: no older handler (stderr) gets it
}

}  // namespace switchboard::plugins::storage_postgres::db
