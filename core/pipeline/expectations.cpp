#include "core/pipeline/expectations.h"

#include "core/data/csv_reader.h"

#include <algorithm>
#include <cmath>
#include <regex>
#include <set>
#include <unordered_map>

namespace mdeck::pipeline {

namespace {

constexpr std::size_t kMaxRegexInput = 4096;

struct Check
{
    Json spec;
    std::string expect;
    std::string column;
    int index = -1; // column index, -1 when absent
    std::int64_t failures = 0;
    Json examples = Json::array();
    std::string message;
    // state
    std::optional<double> min, max;
    std::set<std::string> values;
    std::optional<std::regex> pattern;
    std::unordered_map<std::string, std::uint64_t> seen;
    double sum = 0;
    std::int64_t count = 0;
    std::vector<double> numbers;

    void fail(std::uint64_t line, std::string_view value, const std::string &why = {})
    {
        ++failures;
        if (examples.size() < static_cast<std::size_t>(kExamples)) {
            Json e = {{"line", line}, {"value", std::string(value.substr(0, 100))}};
            if (!why.empty())
                e["reason"] = why;
            examples.push_back(std::move(e));
        }
    }
    bool inBounds(double v) const { return (!min || v >= *min) && (!max || v <= *max); }
    std::string bounds() const
    {
        auto num = [](double v) {
            Json j = v;
            return j.dump();
        };
        if (min && max)
            return "between " + num(*min) + " and " + num(*max);
        if (min)
            return "at least " + num(*min);
        return "at most " + num(*max);
    }
};

bool typeFits(const std::string &type, std::string_view value)
{
    if (type == "numeric")
        return data::parseNumber(value).has_value();
    if (type == "integer") {
        auto v = data::parseNumber(value);
        return v && std::floor(*v) == *v;
    }
    if (type == "boolean")
        return data::parseBoolean(value).has_value();
    if (type == "datetime")
        return data::parseDatetime(value).has_value();
    return true;
}

double quantile(std::vector<double> &v, double q)
{
    // Linear interpolation between closest ranks (NumPy's default).
    std::sort(v.begin(), v.end());
    const double pos = q * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const auto hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

} // namespace

Result<Json> checkExpectations(const std::string &csvPath, const Json &expectations,
                               std::stop_token stop)
{
    auto reader = data::CsvStreamReader::open(csvPath);
    if (!reader)
        return reader.error();
    const auto &header = reader->header();
    std::vector<Check> checks;
    for (const auto &spec : expectations) {
        Check c;
        c.spec = spec;
        c.expect = spec.value("expect", "");
        c.column = spec.value("column", "");
        if (!c.column.empty()) {
            const auto it = std::find(header.begin(), header.end(), c.column);
            c.index = it == header.end() ? -1 : static_cast<int>(it - header.begin());
            if (c.index < 0)
                c.message = "column '" + c.column + "' is not in " + csvPath;
        }
        if (spec.contains("min"))
            c.min = spec["min"].get<double>();
        if (spec.contains("max"))
            c.max = spec["max"].get<double>();
        if (spec.contains("values"))
            for (const auto &v : spec["values"])
                c.values.insert(v.get<std::string>());
        if (spec.contains("pattern")) {
            try {
                c.pattern.emplace(spec["pattern"].get<std::string>(), std::regex::ECMAScript);
            } catch (const std::regex_error &e) {
                return Error(ErrorCode::InvalidArgument,
                             "pattern '" + spec["pattern"].get<std::string>()
                                 + "' is not a valid regular expression: " + e.what());
            }
        }
        checks.push_back(std::move(c));
    }

    std::vector<std::string_view> fields;
    std::uint64_t rows = 0;
    while (true) {
        auto more = reader->next(fields);
        if (!more)
            return more.error();
        if (!*more)
            break;
        ++rows;
        if ((rows & 1023) == 0 && stop.stop_requested())
            return Error(ErrorCode::Cancelled, "validation of " + csvPath + " was cancelled");
        const std::uint64_t line = reader->recordLine();
        for (auto &c : checks) {
            if (c.index < 0)
                continue;
            const std::string_view v = fields[static_cast<std::size_t>(c.index)];
            const bool missing = data::isMissingToken(v);
            if (c.expect == "not-null") {
                if (missing)
                    c.fail(line, v);
                continue;
            }
            if (missing)
                continue;
            if (c.expect == "type") {
                if (!typeFits(c.spec["type"].get<std::string>(), v))
                    c.fail(line, v);
            } else if (c.expect == "between") {
                auto n = data::parseNumber(v);
                if (!n)
                    c.fail(line, v, "not a number");
                else if (!c.inBounds(*n))
                    c.fail(line, v);
            } else if (c.expect == "in-set") {
                if (!c.values.count(std::string(v)))
                    c.fail(line, v);
            } else if (c.expect == "unique") {
                auto [it, fresh] = c.seen.emplace(std::string(v), line);
                if (!fresh)
                    c.fail(line, v, "first seen on line " + std::to_string(it->second));
            } else if (c.expect == "matches") {
                bool ok = false;
                if (v.size() <= kMaxRegexInput) {
                    try {
                        ok = std::regex_match(v.begin(), v.end(), *c.pattern);
                    } catch (const std::regex_error &) {
                        ok = false; // too complex to match: counted as not matching
                    }
                }
                if (!ok)
                    c.fail(line, v);
            } else if (c.expect == "mean-between" || c.expect == "quantile-between") {
                auto n = data::parseNumber(v);
                if (!n) {
                    c.fail(line, v, "not a number");
                    continue;
                }
                c.sum += *n;
                ++c.count;
                if (c.expect == "quantile-between")
                    c.numbers.push_back(*n);
            }
        }
    }

    Json report;
    report["data"] = csvPath;
    report["sha256"] = reader->sha256();
    report["rows"] = rows;
    Json list = Json::array();
    int failed = 0;
    for (auto &c : checks) {
        Json r = {{"expect", c.expect}, {"column", c.column}};
        bool passed = true;
        if (!c.column.empty() && c.index < 0) {
            passed = false;
        } else if (c.expect == "row-count-between") {
            r["observed"] = rows;
            passed = c.inBounds(static_cast<double>(rows));
            if (!passed)
                c.message = std::to_string(rows) + " rows; expected " + c.bounds();
        } else if (c.expect == "mean-between" || c.expect == "quantile-between") {
            if (c.count == 0) {
                passed = false;
                c.message = "column '" + c.column + "' has no numeric values";
            } else {
                const double observed = c.expect == "mean-between"
                    ? c.sum / static_cast<double>(c.count)
                    : quantile(c.numbers, c.spec["q"].get<double>());
                r["observed"] = observed;
                passed = c.inBounds(observed) && c.failures == 0;
                if (!c.inBounds(observed))
                    c.message = std::string(c.expect == "mean-between" ? "mean" : "quantile")
                        + " of '" + c.column + "' is " + Json(observed).dump() + "; expected "
                        + c.bounds();
            }
        } else {
            passed = c.failures == 0;
            if (!passed)
                c.message = std::to_string(c.failures) + " of " + std::to_string(rows)
                    + " rows fail";
        }
        r["passed"] = passed;
        r["failures"] = c.failures;
        r["examples"] = c.examples;
        if (!c.message.empty())
            r["message"] = c.message;
        if (!passed)
            ++failed;
        list.push_back(std::move(r));
    }
    report["expectations"] = std::move(list);
    report["failed"] = failed;
    report["passed"] = failed == 0;
    return report;
}

std::string describeReport(const Json &report)
{
    std::string out;
    const auto &list = report.value("expectations", Json::array());
    out += std::to_string(list.size() - report.value("failed", 0)) + " of "
        + std::to_string(list.size()) + " expectations pass on "
        + std::to_string(report.value("rows", 0)) + " rows of " + report.value("data", "") + "\n";
    for (const auto &e : list) {
        if (e.value("passed", true))
            continue;
        out += "  FAILED " + e.value("expect", "")
            + (e.value("column", "").empty() ? "" : " (" + e.value("column", "") + ")") + ": "
            + e.value("message", "") + "\n";
        for (const auto &x : e.value("examples", Json::array()))
            out += "    line " + std::to_string(x.value("line", 0)) + ": '" + x.value("value", "")
                + "'" + (x.contains("reason") ? " (" + x.value("reason", "") + ")" : "") + "\n";
    }
    return out;
}

} // namespace mdeck::pipeline
