#pragma once

// What this process runs on: the BLAS library it actually loaded, and a
// hardware fingerprint for benchmark results. Callable from any thread.

#include <string>

namespace mdeck {

struct BlasInfo
{
    std::string name;    // "OpenBLAS", "reference BLAS", "BLIS", "ATLAS", "MKL" or "none loaded"
    std::string path;    // resolved path of the loaded library
    std::string details; // e.g. OpenBLAS's own configuration string and threading
    bool isReference = false;
    bool loaded = false;
};

BlasInfo detectBlas();
// One line for --version and About; ends with a warning when the reference BLAS is loaded.
std::string blasSummary();

struct HardwareInfo
{
    std::string cpuModel;
    int logicalCores = 0;
    long long memoryBytes = 0;
    std::string os;
};

HardwareInfo detectHardware();

// The cores this process may run on: its CPU affinity mask (taskset,
// a container's cpuset), not every core of the machine, which is what
// std::thread::hardware_concurrency() counts. At least 1.
unsigned usableCores();

} // namespace mdeck
