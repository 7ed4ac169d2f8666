#include "cli/main.hpp"

int main(int argc, char** argv) { return tingle::cli::Main(argc, argv); }
