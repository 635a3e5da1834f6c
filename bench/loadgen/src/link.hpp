#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "url.hpp"

namespace switchboard::bench {

class Link;

class LinkListener {
public:
    virtual void on_open(Link& link) = 0;
    // A WebSocket link hands over whole messages; a raw TCP link hands over
    // whatever each read returned.
    virtual void on_data(Link& link, std::string_view data) = 0;
    virtual void on_closed(Link& link, const std::string& reason) = 0;

protected:
    ~LinkListener() = default;
};

// One client connection of the load generator, whatever carries it.
class Link {
public:
    explicit Link(size_t index) : index_(index) {}
    virtual ~Link() = default;
    Link(const Link&) = delete;
    Link& operator=(const Link&) = delete;

    virtual void connect(const Url& url) = 0;
    // Queues one payload (a WebSocket message, or raw bytes) without sending.
    virtual void queue(std::string_view payload) = 0;
    // Sends what queue() gathered.
    virtual void flush() = 0;
    virtual void close() = 0;
    virtual bool is_open() const = 0;

    void send(std::string_view payload) {
        queue(payload);
        flush();
    }
    size_t index() const { return index_; }

private:
    size_t index_;
};

}  // namespace switchboard::bench
