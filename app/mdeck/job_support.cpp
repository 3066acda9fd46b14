#include "app/mdeck/job_support.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ostream>

#include <unistd.h>

namespace mdeck::cli {

namespace {

// A signal handler may only touch lock-free atomics.
std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void onInterrupt(int)
{
    g_interrupted.store(true);
}

} // namespace

InterruptGuard::InterruptGuard()
{
    g_interrupted.store(false);
    m_previous = std::signal(SIGINT, onInterrupt);
    m_watcher = std::jthread([source = m_source](std::stop_token done) mutable {
        while (!done.stop_requested()) {
            if (g_interrupted.load()) {
                source.request_stop();
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });
}

InterruptGuard::~InterruptGuard()
{
    m_watcher.request_stop();
    if (m_watcher.joinable())
        m_watcher.join();
    std::signal(SIGINT, m_previous == SIG_ERR ? SIG_DFL : m_previous);
}

bool InterruptGuard::interrupted() const
{
    return g_interrupted.load();
}

ProgressLine::ProgressLine(std::ostream &err, std::string label, bool quiet)
    : m_err(err)
    , m_label(std::move(label))
    , m_quiet(quiet)
    , m_tty(::isatty(STDERR_FILENO) == 1)
{}

ProgressLine::~ProgressLine()
{
    finish();
}

void ProgressLine::update(double fraction)
{
    if (m_quiet)
        return;
    const int percent = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 100);
    const int step = m_tty ? percent : percent / 10 * 10;
    if (step == m_shown)
        return;
    m_shown = step;
    if (m_tty) {
        m_err << '\r' << m_label << ' ' << step << '%' << std::flush;
        m_open = true;
    } else {
        m_err << m_label << ' ' << step << "%\n" << std::flush;
    }
}

void ProgressLine::finish()
{
    if (m_open)
        m_err << '\n' << std::flush;
    m_open = false;
}

std::string durationText(double seconds)
{
    const auto s = static_cast<long long>(seconds + 0.5);
    char buf[64];
    if (s < 60)
        std::snprintf(buf, sizeof buf, "%lld s", s);
    else if (s < 3600)
        std::snprintf(buf, sizeof buf, "%lld min %02lld s", s / 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%lld h %02lld min", s / 3600, s / 60 % 60);
    return buf;
}

} // namespace mdeck::cli
