#include "switchboard/server/command_line.hpp"

int main(int argc, char** argv) { return switchboard::server::CommandLine::main(argc, argv); }
