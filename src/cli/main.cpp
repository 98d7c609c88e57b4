#include "ebb/cli/cli.hpp"

int main(int argc, char** argv) { return ebb::run_cli(argc, argv); }
