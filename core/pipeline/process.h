#pragma once

// Runs a shell command (/bin/sh -c) in its own process group, with extra
// environment variables and a working folder, streaming its standard output
// and error into a StepLog. A timeout or a stop request sends SIGTERM to the
// whole group, then SIGKILL after a grace period; when the command exits,
// whatever it left running in its group is killed too. Callable from any
// thread (posix_spawn, no fork of the caller's threads).
// Errors: Io (cannot start the shell), InvalidArgument (working folder).

#include "core/base/result.h"
#include "core/pipeline/step_log.h"

#include <map>
#include <stop_token>
#include <string>

namespace mdeck::pipeline {

struct ProcessSpec
{
    std::string command;
    std::map<std::string, std::string> env; // added to (or replacing in) the inherited environment
    std::string workdir;                    // "" = inherited
    double timeoutSeconds = 0;              // 0 = none
    double graceSeconds = 2;                // between SIGTERM and SIGKILL
};

struct ProcessOutcome
{
    int exitCode = -1; // when it exited
    int signal = 0;    // when a signal ended it
    bool timedOut = false;
    bool cancelled = false;
    bool ok() const { return exitCode == 0 && !timedOut && !cancelled; }
    std::string describe() const;
};

Result<ProcessOutcome> runProcess(const ProcessSpec &spec, StepLog &log, std::stop_token stop = {});

} // namespace mdeck::pipeline
