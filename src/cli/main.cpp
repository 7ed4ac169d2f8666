#include "cli/main.hpp"
namespace tingle::cli {
int Main(int, char**) { return 0; }  // placeholder
}
