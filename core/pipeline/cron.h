#pragma once

// Five-field cron schedules (minute hour day-of-month month day-of-week) in
// UTC, so there are no daylight-saving gaps or repeats. Fields take `*`,
// numbers, ranges `a-b`, steps `*/n` and `a-b/n` (and `a/n`, meaning a to
// the field's maximum), lists `a,b-c`, month names JAN-DEC and day names
// SUN-SAT (day 0 and 7 are both Sunday). As in Vixie cron, when both the
// day-of-month and the day-of-week field are restricted (neither starts with
// `*`), a day matches when EITHER matches. @yearly, @monthly, @weekly, @daily
// and @hourly are accepted. Immutable after parse: callable from any thread.
// Errors: InvalidArgument naming the field and the offending text.

#include "core/base/result.h"

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mdeck::pipeline {

class CronSchedule
{
public:
    static Result<CronSchedule> parse(std::string_view text);

    // The first matching minute strictly after `afterSeconds` (Unix time, UTC),
    // or nothing when none comes within five years (e.g. "0 0 30 2 *").
    std::optional<std::int64_t> next(std::int64_t afterSeconds) const;
    // The last matching minute at or before `atSeconds`, within five years.
    std::optional<std::int64_t> previous(std::int64_t atSeconds) const;
    bool matches(std::int64_t seconds) const;
    const std::string &text() const { return m_text; }

private:
    bool dayMatches(std::int64_t days) const;

    std::string m_text;
    std::bitset<60> m_minutes;
    std::bitset<24> m_hours;
    std::bitset<32> m_daysOfMonth; // 1..31
    std::bitset<13> m_months;      // 1..12
    std::bitset<7> m_daysOfWeek;   // 0 = Sunday
    bool m_domStar = false;
    bool m_dowStar = false;
};

// Civil UTC date and time of a Unix time, for messages and tests.
struct CivilTime
{
    int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
};
CivilTime civilFromUnix(std::int64_t seconds);
std::int64_t unixFromCivil(const CivilTime &time);

} // namespace mdeck::pipeline
