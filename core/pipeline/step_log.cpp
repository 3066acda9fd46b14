#include "core/pipeline/step_log.h"

namespace mdeck::pipeline {

StepLog::StepLog(std::function<void(std::string_view)> listener)
    : m_listener(std::move(listener))
{}

void StepLog::append(std::string_view text)
{
    if (text.empty())
        return;
    const std::string_view all = text;
    {
        const std::lock_guard lock(m_mutex);
        m_total += static_cast<std::int64_t>(text.size());
        m_changed = true;
        if (m_head.size() < kHeadBytes) {
            const std::size_t take = std::min(text.size(), kHeadBytes - m_head.size());
            m_head.append(text.substr(0, take));
            text.remove_prefix(take);
        }
        if (!text.empty()) {
            if (text.size() >= kTailBytes) {
                m_dropped += static_cast<std::int64_t>(m_tail.size() + text.size() - kTailBytes);
                m_tail.assign(text.substr(text.size() - kTailBytes));
            } else {
                m_tail.append(text);
                if (m_tail.size() > kTailBytes) {
                    const std::size_t cut = m_tail.size() - kTailBytes;
                    m_dropped += static_cast<std::int64_t>(cut);
                    m_tail.erase(0, cut);
                }
            }
        }
    }
    if (m_listener)
        m_listener(all);
}

StepLog::Snapshot StepLog::snapshot() const
{
    const std::lock_guard lock(m_mutex);
    return {m_head, m_tail, m_dropped, m_total};
}

bool StepLog::takeChanged()
{
    const std::lock_guard lock(m_mutex);
    const bool changed = m_changed;
    m_changed = false;
    return changed;
}

std::string StepLog::render(const std::string &head, const std::string &tail, std::int64_t dropped)
{
    std::string out = head;
    if (dropped > 0) {
        if (!out.empty() && out.back() != '\n')
            out += '\n';
        out += "[... " + std::to_string(dropped) + " bytes dropped ...]\n";
    }
    out += tail;
    return out;
}

} // namespace mdeck::pipeline
