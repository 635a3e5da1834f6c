#include "raw_tcp_link.hpp"

namespace switchboard::bench {

RawTcpLink::RawTcpLink(size_t index, EventLoop& loop, LinkListener& listener)
    : Link(index), listener_(listener), tcp_(loop, *this) {}

void RawTcpLink::connect(const Url& url) { tcp_.connect(url.address); }

void RawTcpLink::queue(std::string_view payload) { tcp_.output().append(payload); }

void RawTcpLink::flush() { tcp_.flush(); }

void RawTcpLink::close() {
    connected_ = false;
    tcp_.close();
}

void RawTcpLink::on_connected() {
    connected_ = true;
    listener_.on_open(*this);
}

void RawTcpLink::on_bytes(const char* data, size_t size) { listener_.on_data(*this, std::string_view(data, size)); }

void RawTcpLink::on_closed(const std::string& reason) {
    connected_ = false;
    listener_.on_closed(*this, reason);
}

}  // namespace switchboard::bench
