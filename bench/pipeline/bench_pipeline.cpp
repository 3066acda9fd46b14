// Times the pipeline executor: a DAG of no-op steps (pure executor overhead:
// scheduling, state rows, the run record) and a DAG of independent CPU-bound
// shell steps with one and with two workers. Prints key=value lines for
// bench/pipeline/run.sh, which runs the Python peer on the same DAGs.
//
//   bench_pipeline noop STEPS WORKERS DIR
//   bench_pipeline cpu STEPS LOOPS WORKERS DIR

#include "core/auth/user_directory.h"
#include "core/pipeline/executor.h"
#include "core/training/training_job.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

using namespace mdeck;

namespace {

// Step i needs i-1 (unless it starts a row of ten) and i-10: rows of a grid,
// so up to ten steps are ready at once. bench/peers/pipeline_futures.py
// builds the same graph.
std::string noopYaml(int steps)
{
    std::string y = "name: noop\nsteps:\n";
    for (int i = 0; i < steps; ++i) {
        y += "  - {name: s" + std::to_string(i) + ", kind: noop";
        std::string needs;
        if (i % 10 != 0)
            needs += "s" + std::to_string(i - 1);
        if (i >= 10)
            needs += (needs.empty() ? "" : ", ") + std::string("s") + std::to_string(i - 10);
        if (!needs.empty())
            y += ", needs: [" + needs + "]";
        y += "}\n";
    }
    return y;
}

std::string cpuCommand(int loops)
{
    return "i=0; while [ $i -lt " + std::to_string(loops) + " ]; do i=$((i+1)); done";
}

std::string cpuYaml(int steps, int loops)
{
    std::string y = "name: cpu\nsteps:\n";
    for (int i = 0; i < steps; ++i)
        y += "  - {name: c" + std::to_string(i) + ", kind: shell, with: {command: '"
            + cpuCommand(loops) + "'}}\n";
    return y;
}

int run(const std::string &yaml, int workers, const std::string &dir, const char *key)
{
    std::filesystem::remove_all(dir);
    auto ws = store::Workspace::create(dir);
    if (!ws) {
        std::fprintf(stderr, "%s\n", ws.error().message.c_str());
        return 1;
    }
    auth::UserDirectory users((*ws)->db());
    auto admin = users.bootstrap(auth::osLogin());
    if (!admin) {
        std::fprintf(stderr, "%s\n", admin.error().message.c_str());
        return 1;
    }
    registry::ModelRegistry registry(**ws, training::artifactValidator());
    auto def = pipeline::parseDefinition(yaml, "bench.yaml");
    if (!def) {
        std::fprintf(stderr, "%s\n", def.error().message.c_str());
        return 1;
    }
    pipeline::ExecutorOptions options;
    options.workers = workers;
    pipeline::Executor executor(**ws, registry, options);
    const auto start = std::chrono::steady_clock::now();
    auto result = executor.run(*admin, *def);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
                               .count();
    if (!result || result->state != pipeline::RunState::Succeeded) {
        std::fprintf(stderr, "run failed: %s\n",
                     result ? result->message.c_str() : result.error().message.c_str());
        return 1;
    }
    std::printf("%s_steps=%zu\n%s_seconds=%.4f\n", key, def->steps.size(), key, seconds);
    std::filesystem::remove_all(dir);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "noop" && argc == 5)
        return run(noopYaml(std::stoi(argv[2])), std::stoi(argv[3]), argv[4], "mdeck_noop");
    if (mode == "cpu" && argc == 6)
        return run(cpuYaml(std::stoi(argv[2]), std::stoi(argv[3])), std::stoi(argv[4]), argv[5],
                   "mdeck_cpu");
    if (mode == "command" && argc == 3) {
        std::printf("%s\n", cpuCommand(std::stoi(argv[2])).c_str());
        return 0;
    }
    std::fprintf(stderr,
                 "usage: bench_pipeline noop STEPS WORKERS DIR\n"
                 "       bench_pipeline cpu STEPS LOOPS WORKERS DIR\n");
    return 2;
}
