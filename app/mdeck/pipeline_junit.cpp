#include "app/mdeck/pipeline_junit.h"

#include "core/common/files.h"
#include "core/pipeline/step_log.h"

#include <cstdio>

namespace mdeck::cli {

namespace {

// XML 1.0 allows no control characters but tab, newline and carriage return.
std::string escape(const std::string &text)
{
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        switch (c) {
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '&':
            out += "&amp;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                out += '?';
            else
                out += static_cast<char>(c);
        }
    }
    return out;
}

std::string seconds(std::int64_t from, std::int64_t to)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", from && to >= from ? (to - from) / 1000.0 : 0.0);
    return buf;
}

} // namespace

std::string junitXml(const pipeline::RunRecord &run)
{
    using pipeline::StepState;
    int failures = 0, skipped = 0;
    for (const auto &s : run.steps) {
        failures += s.state == StepState::Failed;
        skipped += s.state == StepState::Skipped || s.state == StepState::Cancelled
            || s.state == StepState::Pending;
    }
    std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    x += "<testsuites>\n<testsuite name=\"" + escape(run.pipeline) + "\" tests=\""
        + std::to_string(run.steps.size()) + "\" failures=\"" + std::to_string(failures)
        + "\" skipped=\"" + std::to_string(skipped) + "\" time=\""
        + seconds(run.startedAt, run.finishedAt) + "\">\n";
    x += "  <properties><property name=\"run\" value=\"" + std::to_string(run.id)
        + "\"/><property name=\"state\" value=\"" + pipeline::runStateName(run.state)
        + "\"/></properties>\n";
    for (const auto &s : run.steps) {
        x += "  <testcase classname=\"" + escape(run.pipeline) + "\" name=\"" + escape(s.name)
            + "\" time=\"" + seconds(s.startedAt, s.finishedAt) + "\">\n";
        if (s.state == StepState::Failed)
            x += "    <failure message=\"" + escape(s.message) + "\">" + escape(s.message)
                + "</failure>\n";
        else if (s.state != StepState::Succeeded && s.state != StepState::Cached)
            x += "    <skipped message=\"" + escape(pipeline::stepStateName(s.state)) + ": "
                + escape(s.message) + "\"/>\n";
        const std::string log = pipeline::StepLog::render(s.logHead, s.logTail, s.logDropped);
        if (!log.empty())
            x += "    <system-out>" + escape(log) + "</system-out>\n";
        x += "  </testcase>\n";
    }
    x += "</testsuite>\n</testsuites>\n";
    return x;
}

Result<void> writeJunit(const pipeline::RunRecord &run, const std::string &path)
{
    return writeFileAtomic(path, junitXml(run));
}

} // namespace mdeck::cli
