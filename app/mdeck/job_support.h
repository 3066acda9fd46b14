#pragma once

// What the long verbs (train, predict, bench) share: Ctrl-C turned into a
// stop request, and a progress line on stderr. One of each per command, on
// the main thread; errors: none.

#include <atomic>
#include <csignal>
#include <iosfwd>
#include <stop_token>
#include <string>
#include <thread>

namespace mdeck::cli {

// While alive, SIGINT sets a flag instead of killing the process; a watcher
// thread turns the flag into request_stop() on token()'s source, so core sees
// the stop within one batch. The previous handler is restored on destruction.
class InterruptGuard
{
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard &) = delete;
    InterruptGuard &operator=(const InterruptGuard &) = delete;

    std::stop_token token() const { return m_source.get_token(); }
    bool interrupted() const;

private:
    std::stop_source m_source;
    void (*m_previous)(int) = nullptr;
    std::jthread m_watcher;
};

// A percentage on stderr: rewritten in place on a terminal, else one line per
// tenth so logs stay short. Silent when `quiet`.
class ProgressLine
{
public:
    ProgressLine(std::ostream &err, std::string label, bool quiet);
    ~ProgressLine();

    void update(double fraction);
    void finish();

private:
    std::ostream &m_err;
    std::string m_label;
    bool m_quiet;
    bool m_tty;
    int m_shown = -1;
    bool m_open = false;
};

// "3 s", "2 min 05 s", "1 h 02 min".
std::string durationText(double seconds);

} // namespace mdeck::cli
