#pragma once

// The log of one step with bounded storage: the first kHeadBytes and the
// last kTailBytes are kept, and the bytes dropped in between are counted.
// Appends and snapshots may come from different threads (internally locked).

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace mdeck::pipeline {

class StepLog
{
public:
    static constexpr std::size_t kHeadBytes = 32 * 1024;
    static constexpr std::size_t kTailBytes = 32 * 1024;

    // `listener` sees every appended chunk (for live display); it may be empty.
    explicit StepLog(std::function<void(std::string_view)> listener = {});

    void append(std::string_view text);
    void line(std::string_view text) { append(std::string(text) + "\n"); }

    struct Snapshot
    {
        std::string head;
        std::string tail;
        std::int64_t dropped = 0;
        std::int64_t total = 0;
    };
    Snapshot snapshot() const;
    // Whether anything was appended since the last call.
    bool takeChanged();

    // Head, a "[… N bytes dropped …]" marker when something was, and tail.
    static std::string render(const std::string &head, const std::string &tail,
                              std::int64_t dropped);

private:
    mutable std::mutex m_mutex;
    std::function<void(std::string_view)> m_listener;
    std::string m_head;
    std::string m_tail; // ring: the newest kTailBytes, in order
    std::int64_t m_dropped = 0;
    std::int64_t m_total = 0;
    bool m_changed = false;
};

} // namespace mdeck::pipeline
