#include "app/mdeck/cli_app.h"

#include <iostream>

int main(int argc, char **argv)
{
    return mdeck::cli::runCli(argc, argv, std::cout, std::cerr);
}
