#include "core/common/system_info.h"

#include <dlfcn.h>
#include <link.h>
#include <sched.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <fstream>
#include <thread>
#include <vector>

namespace mdeck {

namespace {

int collectLibrary(dl_phdr_info *info, size_t, void *data)
{
    auto *names = static_cast<std::vector<std::string> *>(data);
    if (info->dlpi_name && *info->dlpi_name)
        names->emplace_back(info->dlpi_name);
    return 0;
}

std::string resolved(const std::string &path)
{
    char buf[PATH_MAX];
    if (::realpath(path.c_str(), buf))
        return buf;
    return path;
}

bool contains(const std::string &s, const char *needle)
{
    return s.find(needle) != std::string::npos;
}

} // namespace

BlasInfo detectBlas()
{
    BlasInfo info;
    std::vector<std::string> libs;
    dl_iterate_phdr(collectLibrary, &libs);
    for (const auto &lib : libs) {
        const std::string real = resolved(lib);
        const auto slash = real.rfind('/');
        const std::string file = slash == std::string::npos ? real : real.substr(slash + 1);
        const bool blasLike = contains(file, "blas") || contains(file, "mkl_rt")
            || contains(file, "blis");
        if (!blasLike || contains(file, "cublas"))
            continue;
        info.loaded = true;
        info.path = real;
        if (contains(real, "openblas")) {
            info.name = "OpenBLAS";
        } else if (contains(real, "blis")) {
            info.name = "BLIS";
        } else if (contains(real, "atlas")) {
            info.name = "ATLAS";
        } else if (contains(real, "mkl")) {
            info.name = "MKL";
        } else {
            info.name = "reference BLAS";
            info.isReference = true;
        }
        if (info.name == "OpenBLAS")
            break;
    }
    using ConfigFn = char *(*) ();
    using ParallelFn = int (*)();
    if (auto config = reinterpret_cast<ConfigFn>(dlsym(RTLD_DEFAULT, "openblas_get_config"))) {
        info.name = "OpenBLAS";
        info.isReference = false;
        info.loaded = true;
        info.details = config();
        if (auto parallel = reinterpret_cast<ParallelFn>(
                dlsym(RTLD_DEFAULT, "openblas_get_parallel"))) {
            const int p = parallel();
            info.details += p == 2 ? " (OpenMP threads)"
                : p == 1           ? " (pthreads)"
                                   : " (single-threaded)";
        }
    }
    if (!info.loaded)
        info.name = "none loaded";
    return info;
}

std::string blasSummary()
{
    const BlasInfo b = detectBlas();
    std::string s = "BLAS: " + b.name;
    if (!b.path.empty())
        s += " (" + b.path + ")";
    if (!b.details.empty())
        s += ", " + b.details;
    if (b.isReference)
        s += ". WARNING: the reference BLAS is about 29x slower than OpenBLAS for every linear "
             "layer; install libopenblas0-openmp";
    return s;
}

HardwareInfo detectHardware()
{
    HardwareInfo hw;
    std::ifstream cpu("/proc/cpuinfo");
    std::string line;
    while (std::getline(cpu, line)) {
        if (line.rfind("model name", 0) == 0) {
            const auto colon = line.find(':');
            if (colon != std::string::npos)
                hw.cpuModel = line.substr(colon + 2);
            break;
        }
    }
    hw.logicalCores = static_cast<int>(::sysconf(_SC_NPROCESSORS_ONLN));
    hw.memoryBytes = static_cast<long long>(::sysconf(_SC_PHYS_PAGES)) * ::sysconf(_SC_PAGESIZE);
    utsname u{};
    if (::uname(&u) == 0)
        hw.os = std::string(u.sysname) + " " + u.release + " " + u.machine;
    return hw;
}

unsigned usableCores()
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (::sched_getaffinity(0, sizeof set, &set) == 0)
        if (const int n = CPU_COUNT(&set); n > 0)
            return static_cast<unsigned>(n);
    return std::max(1u, std::thread::hardware_concurrency());
}

} // namespace mdeck
