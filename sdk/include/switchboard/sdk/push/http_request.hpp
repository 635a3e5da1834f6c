// Switchboard push kit (header-only): one HTTP request for Http2Client.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace switchboard::sdk::push {

struct HttpRequest {
    std::string method = "POST";
    std::string url;
    std::vector<std::string> headers;  // "Name: value"
    std::string body;
    std::chrono::milliseconds timeout{0};  // 0: the client's default
};

}  // namespace switchboard::sdk::push
