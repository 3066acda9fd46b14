#include "core/pipeline/process.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace mdeck::pipeline {

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> buildEnvironment(const std::map<std::string, std::string> &extra)
{
    std::vector<std::string> env;
    for (char **e = environ; e && *e; ++e) {
        const std::string entry(*e);
        const auto eq = entry.find('=');
        if (eq != std::string::npos && extra.count(entry.substr(0, eq)))
            continue;
        env.push_back(entry);
    }
    for (const auto &[k, v] : extra)
        env.push_back(k + "=" + v);
    return env;
}

struct Fd
{
    int fd = -1;
    ~Fd()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

} // namespace

std::string ProcessOutcome::describe() const
{
    if (timedOut)
        return "timed out; its process group was killed";
    if (cancelled)
        return "cancelled; its process group was killed";
    if (signal != 0)
        return std::string("killed by signal ") + std::to_string(signal) + " ("
            + ::strsignal(signal) + ")";
    return "exited with status " + std::to_string(exitCode);
}

Result<ProcessOutcome> runProcess(const ProcessSpec &spec, StepLog &log, std::stop_token stop)
{
    for (const auto &[k, v] : spec.env)
        if (k.empty() || k.find('=') != std::string::npos || k.find('\0') != std::string::npos
            || v.find('\0') != std::string::npos)
            return Error(ErrorCode::InvalidArgument,
                         "environment variable '" + k + "' has a malformed name or value");
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return Error(ErrorCode::Io, std::string("cannot create a pipe: ") + std::strerror(errno));
    Fd readEnd{fds[0]};
    Fd writeEnd{fds[1]};

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, writeEnd.fd, 1);
    posix_spawn_file_actions_adddup2(&actions, writeEnd.fd, 2);
    if (!spec.workdir.empty())
        posix_spawn_file_actions_addchdir_np(&actions, spec.workdir.c_str());
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setpgroup(&attr, 0);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    for (int s : {SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT})
        sigaddset(&defaults, s);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr,
                             POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    const std::vector<std::string> envText = buildEnvironment(spec.env);
    std::vector<char *> envp;
    for (const auto &e : envText)
        envp.push_back(const_cast<char *>(e.c_str()));
    envp.push_back(nullptr);
    std::string sh = "/bin/sh", dashC = "-c", command = spec.command;
    char *argv[] = {sh.data(), dashC.data(), command.data(), nullptr};

    pid_t pid = 0;
    const int rc = ::posix_spawn(&pid, "/bin/sh", &actions, &attr, argv, envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc != 0)
        return Error(ErrorCode::Io,
                     rc == ENOENT && !spec.workdir.empty()
                         ? "cannot start the command in '" + spec.workdir + "': " + std::strerror(rc)
                         : std::string("cannot start /bin/sh: ") + std::strerror(rc));
    ::close(writeEnd.fd);
    writeEnd.fd = -1;

    ProcessOutcome outcome;
    const auto started = Clock::now();
    Clock::time_point termSent{};
    bool terminating = false;
    bool exited = false;
    bool eof = false;
    Clock::time_point exitedAt{};
    char buffer[16384];
    while (!(exited && eof)) {
        pollfd p{readEnd.fd, POLLIN, 0};
        const int ready = eof ? 0 : ::poll(&p, 1, 50);
        if (ready > 0) {
            const ssize_t n = ::read(readEnd.fd, buffer, sizeof buffer);
            if (n > 0)
                log.append(std::string_view(buffer, static_cast<std::size_t>(n)));
            else if (n == 0 || (errno != EINTR && errno != EAGAIN))
                eof = true;
        } else if (eof) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        const auto now = Clock::now();
        if (!exited) {
            siginfo_t info{};
            // WNOWAIT: keep the leader unreaped so its group id cannot be reused
            // before the rest of the group is killed.
            if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0
                && info.si_pid == pid) {
                ::kill(-pid, SIGKILL);
                int status = 0;
                ::waitpid(pid, &status, 0);
                if (WIFEXITED(status))
                    outcome.exitCode = WEXITSTATUS(status);
                else if (WIFSIGNALED(status))
                    outcome.signal = WTERMSIG(status);
                exited = true;
                exitedAt = now;
                continue;
            }
            const bool overTime = spec.timeoutSeconds > 0
                && std::chrono::duration<double>(now - started).count() > spec.timeoutSeconds;
            if (!terminating && (overTime || stop.stop_requested())) {
                outcome.timedOut = overTime;
                outcome.cancelled = !overTime;
                ::kill(-pid, SIGTERM);
                terminating = true;
                termSent = now;
            } else if (terminating
                       && std::chrono::duration<double>(now - termSent).count()
                           > spec.graceSeconds) {
                ::kill(-pid, SIGKILL);
            }
        } else if (std::chrono::duration<double>(now - exitedAt).count() > 2) {
            // A grandchild that left the group may still hold the pipe open: stop reading.
            log.line("[the command's output stayed open after it exited; stopped reading]");
            break;
        }
    }
    return outcome;
}

} // namespace mdeck::pipeline
