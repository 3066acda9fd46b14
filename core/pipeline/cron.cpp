#include "core/pipeline/cron.h"

#include "core/common/text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <vector>

namespace mdeck::pipeline {

namespace {

constexpr std::int64_t kDay = 86400;
constexpr int kSearchDays = 5 * 366 + 1;

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civilFromDays(std::int64_t z, int &year, int &month, int &day)
{
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    year = static_cast<int>(y + (month <= 2));
}

std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

struct FieldSpec
{
    const char *name;
    int min;
    int max;
    std::array<const char *, 12> names; // names[i] stands for min + i (months) or i (days)
    int nameCount;
};

const FieldSpec kFields[5] = {
    {"minute", 0, 59, {}, 0},
    {"hour", 0, 23, {}, 0},
    {"day-of-month", 1, 31, {}, 0},
    {"month",
     1,
     12,
     {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"},
     12},
    {"day-of-week", 0, 7, {"sun", "mon", "tue", "wed", "thu", "fri", "sat"}, 7},
};

std::optional<int> parseValue(std::string_view text, const FieldSpec &spec)
{
    if (text.empty())
        return std::nullopt;
    if (std::isalpha(static_cast<unsigned char>(text[0]))) {
        const std::string lower = asciiLower(text);
        for (int i = 0; i < spec.nameCount; ++i)
            if (lower == spec.names[static_cast<std::size_t>(i)])
                return spec.min == 1 ? i + 1 : i;
        return std::nullopt;
    }
    int value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size())
        return std::nullopt;
    if (value < spec.min || value > spec.max)
        return std::nullopt;
    return value;
}

Result<std::vector<bool>> parseField(std::string_view text, const FieldSpec &spec)
{
    std::vector<bool> set(static_cast<std::size_t>(spec.max + 1), false);
    auto bad = [&](std::string_view part, const std::string &why) {
        return Error(ErrorCode::InvalidArgument,
                     "cron " + std::string(spec.name) + " field '" + std::string(text) + "': '"
                         + std::string(part) + "' " + why);
    };
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = text.find(',', start);
        const std::string_view part = text.substr(start,
                                                  comma == std::string_view::npos
                                                      ? std::string_view::npos
                                                      : comma - start);
        if (part.empty())
            return bad(part, "is empty");
        std::string_view range = part;
        int step = 1;
        if (const auto slash = part.find('/'); slash != std::string_view::npos) {
            range = part.substr(0, slash);
            const std::string_view stepText = part.substr(slash + 1);
            const auto [ptr, ec] = std::from_chars(stepText.data(),
                                                   stepText.data() + stepText.size(), step);
            if (ec != std::errc() || ptr != stepText.data() + stepText.size() || step < 1
                || step > spec.max + 1)
                return bad(part, "has a bad step");
        }
        int lo = spec.min;
        int hi = spec.max;
        if (range == "*") {
            // whole range
        } else if (const auto dash = range.find('-'); dash != std::string_view::npos) {
            auto a = parseValue(range.substr(0, dash), spec);
            auto b = parseValue(range.substr(dash + 1), spec);
            if (!a || !b)
                return bad(part,
                           "is not a range of " + std::to_string(spec.min) + " to "
                               + std::to_string(spec.max));
            if (*a > *b)
                return bad(part, "is a range that runs backwards");
            lo = *a;
            hi = *b;
        } else {
            auto a = parseValue(range, spec);
            if (!a)
                return bad(part,
                           "is not a value from " + std::to_string(spec.min) + " to "
                               + std::to_string(spec.max));
            lo = *a;
            hi = part.find('/') == std::string_view::npos ? *a : spec.max;
        }
        for (int v = lo; v <= hi; v += step)
            set[static_cast<std::size_t>(v)] = true;
        if (comma == std::string_view::npos)
            break;
        start = comma + 1;
    }
    return set;
}

} // namespace

CivilTime civilFromUnix(std::int64_t seconds)
{
    CivilTime t;
    const std::int64_t days = floorDiv(seconds, kDay);
    const std::int64_t rest = seconds - days * kDay;
    civilFromDays(days, t.year, t.month, t.day);
    t.hour = static_cast<int>(rest / 3600);
    t.minute = static_cast<int>(rest / 60 % 60);
    t.second = static_cast<int>(rest % 60);
    return t;
}

std::int64_t unixFromCivil(const CivilTime &t)
{
    return daysFromCivil(t.year, static_cast<unsigned>(t.month), static_cast<unsigned>(t.day))
        * kDay
        + t.hour * 3600 + t.minute * 60 + t.second;
}

Result<CronSchedule> CronSchedule::parse(std::string_view input)
{
    std::string text(input);
    if (text.size() > 256)
        return Error(ErrorCode::InvalidArgument, "cron schedule is longer than 256 characters");
    static const std::pair<const char *, const char *> kMacros[] = {
        {"@yearly", "0 0 1 1 *"}, {"@annually", "0 0 1 1 *"}, {"@monthly", "0 0 1 * *"},
        {"@weekly", "0 0 * * 0"}, {"@daily", "0 0 * * *"},    {"@midnight", "0 0 * * *"},
        {"@hourly", "0 * * * *"},
    };
    std::string expanded = text;
    if (!text.empty() && text[0] == '@') {
        expanded.clear();
        for (const auto &[name, value] : kMacros)
            if (text == name)
                expanded = value;
        if (expanded.empty())
            return Error(ErrorCode::InvalidArgument, "unknown cron macro '" + text + "'");
    }
    std::vector<std::string> fields;
    std::string current;
    for (char c : expanded) {
        if (c == ' ' || c == '\t') {
            if (!current.empty())
                fields.push_back(std::move(current));
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty())
        fields.push_back(current);
    if (fields.size() != 5)
        return Error(ErrorCode::InvalidArgument,
                     "cron schedule '" + text + "' has " + std::to_string(fields.size())
                         + " fields; expected 5 (minute hour day-of-month month day-of-week)");
    CronSchedule s;
    s.m_text = text;
    std::vector<bool> sets[5];
    for (int i = 0; i < 5; ++i) {
        auto set = parseField(fields[static_cast<std::size_t>(i)], kFields[i]);
        if (!set)
            return set.error();
        sets[i] = std::move(*set);
    }
    for (int v = 0; v < 60; ++v)
        s.m_minutes[static_cast<std::size_t>(v)] = sets[0][static_cast<std::size_t>(v)];
    for (int v = 0; v < 24; ++v)
        s.m_hours[static_cast<std::size_t>(v)] = sets[1][static_cast<std::size_t>(v)];
    for (int v = 1; v <= 31; ++v)
        s.m_daysOfMonth[static_cast<std::size_t>(v)] = sets[2][static_cast<std::size_t>(v)];
    for (int v = 1; v <= 12; ++v)
        s.m_months[static_cast<std::size_t>(v)] = sets[3][static_cast<std::size_t>(v)];
    for (int v = 0; v <= 7; ++v)
        if (sets[4][static_cast<std::size_t>(v)])
            s.m_daysOfWeek[static_cast<std::size_t>(v % 7)] = true;
    s.m_domStar = fields[2][0] == '*';
    s.m_dowStar = fields[4][0] == '*';
    return s;
}

bool CronSchedule::dayMatches(std::int64_t days) const
{
    int y = 0, m = 0, d = 0;
    civilFromDays(days, y, m, d);
    if (!m_months[static_cast<std::size_t>(m)])
        return false;
    const auto weekday = static_cast<std::size_t>(((days % 7) + 11)
                                                  % 7); // 1970-01-01 was a Thursday
    const bool dom = m_daysOfMonth[static_cast<std::size_t>(d)];
    const bool dow = m_daysOfWeek[weekday];
    if (m_domStar || m_dowStar)
        return dom && dow;
    return dom || dow;
}

bool CronSchedule::matches(std::int64_t seconds) const
{
    const std::int64_t days = floorDiv(seconds, kDay);
    const std::int64_t rest = seconds - days * kDay;
    return dayMatches(days) && m_hours[static_cast<std::size_t>(rest / 3600)]
        && m_minutes[static_cast<std::size_t>(rest / 60 % 60)];
}

std::optional<std::int64_t> CronSchedule::next(std::int64_t afterSeconds) const
{
    // Start at the next whole minute, then walk day by day, taking the first
    // matching hour and minute of each matching day.
    const std::int64_t start = floorDiv(afterSeconds, 60) * 60 + 60;
    std::int64_t day = floorDiv(start, kDay);
    int fromMinuteOfDay = static_cast<int>((start - day * kDay) / 60);
    for (int i = 0; i < kSearchDays; ++i, ++day, fromMinuteOfDay = 0) {
        if (!dayMatches(day))
            continue;
        for (int mod = fromMinuteOfDay; mod < 24 * 60; ++mod) {
            if (!m_hours[static_cast<std::size_t>(mod / 60)]) {
                mod = mod / 60 * 60 + 59;
                continue;
            }
            if (m_minutes[static_cast<std::size_t>(mod % 60)])
                return day * kDay + mod * 60;
        }
    }
    return std::nullopt;
}

std::optional<std::int64_t> CronSchedule::previous(std::int64_t atSeconds) const
{
    const std::int64_t at = floorDiv(atSeconds, 60) * 60;
    std::int64_t day = floorDiv(at, kDay);
    int fromMinuteOfDay = static_cast<int>((at - day * kDay) / 60);
    for (int i = 0; i < kSearchDays; ++i, --day, fromMinuteOfDay = 24 * 60 - 1) {
        if (!dayMatches(day))
            continue;
        for (int mod = fromMinuteOfDay; mod >= 0; --mod) {
            if (!m_hours[static_cast<std::size_t>(mod / 60)]) {
                mod = mod / 60 * 60;
                continue;
            }
            if (m_minutes[static_cast<std::size_t>(mod % 60)])
                return day * kDay + mod * 60;
        }
    }
    return std::nullopt;
}

} // namespace mdeck::pipeline
