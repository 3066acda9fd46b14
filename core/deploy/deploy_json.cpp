#include "core/deploy/deploy_json.h"

#include "core/common/text.h"
#include "core/deploy/rollout_plan.h"

#include <ctime>

namespace mdeck::deploy {

namespace {

template<typename T>
Json optional(const std::optional<T> &v)
{
    return v ? Json(*v) : Json(nullptr);
}

Json optionalTime(const std::optional<std::int64_t> &v)
{
    return v ? Json(isoTime(*v)) : Json(nullptr);
}

Json embedded(const std::string &text)
{
    auto parsed = parseJson(text, "stored JSON");
    return parsed ? *parsed : Json(text);
}

} // namespace

Json deploymentJson(const Deployment &d)
{
    return Json{{"name", d.name},
                {"model", d.model},
                {"stable_version", d.stableVersion},
                {"candidate_version", optional(d.candidateVersion)},
                {"candidate_mode", candidateModeName(d.candidateMode)},
                {"canary_percent", d.canaryPercent},
                {"max_batch_size", d.maxBatchSize},
                {"max_queue_delay_us", d.maxQueueDelayUs},
                {"previous_stable_version", optional(d.previousStableVersion)},
                {"active_rollout", optional(d.activeRollout)},
                {"created_at", isoTime(d.createdAt)},
                {"created_by", d.createdBy},
                {"updated_at", isoTime(d.updatedAt)}};
}

Json eventJson(const DeploymentEvent &e)
{
    return Json{{"id", e.id},
                {"time", isoTime(e.time)},
                {"kind", eventKindName(e.kind)},
                {"rollout", optional(e.rolloutId)},
                {"stable_version", e.stableVersion},
                {"candidate_version", optional(e.candidateVersion)},
                {"candidate_mode", candidateModeName(e.candidateMode)},
                {"percent", e.percent},
                {"actor", e.actor},
                {"details", embedded(e.detailsJson)}};
}

Json servedJson(const ServedState &s)
{
    Json shares = Json::array();
    for (const auto &share : s.shares)
        shares.push_back({{"version", share.version},
                          {"role", share.role},
                          {"traffic_percent", share.trafficPercent}});
    return Json{{"deployment", s.deployment},
                {"at", isoTime(s.at)},
                {"since", isoTime(s.since)},
                {"event", s.eventId},
                {"shares", shares}};
}

Json rolloutJson(const Rollout &r, bool withEvidence)
{
    Json j{{"id", r.id},
           {"deployment", r.deployment},
           {"model", r.model},
           {"from_version", r.fromVersion},
           {"to_version", r.toVersion},
           {"mode", rolloutModeName(r.mode)},
           {"state", rolloutStateName(r.state)},
           {"plan", planToJson(r.plan)},
           {"plan_summary", describePlan(r.plan)},
           {"requested_by", r.requestedBy},
           {"requested_at", isoTime(r.requestedAt)},
           {"request_comment", r.requestComment},
           {"evidence_hash", r.evidenceHash},
           {"decided_by", r.decidedBy.empty() ? Json(nullptr) : Json(r.decidedBy)},
           {"decided_at", optionalTime(r.decidedAt)},
           {"decision_comment", r.decisionComment},
           {"approved_sha256", r.approvedSha256},
           {"approved_evidence_hash", r.approvedEvidenceHash},
           {"step", r.step >= 0 ? Json(r.step + 1) : Json(nullptr)},
           {"steps", r.plan.steps.size()},
           {"step_started_at", optionalTime(r.stepStartedAt)},
           {"finished_at", optionalTime(r.finishedAt)},
           {"reason", r.reason}};
    if (withEvidence)
        j["evidence"] = embedded(r.evidenceJson);
    return j;
}

Result<std::int64_t> parseTimePoint(std::string_view text)
{
    const auto bad = [text] {
        std::string shown;
        for (char c : text.substr(0, 40))
            shown.push_back(static_cast<unsigned char>(c) < 0x20 ? '?' : c);
        return Error(ErrorCode::InvalidArgument,
                     "time '" + shown
                         + "' must look like 2026-11-24, 2026-11-24T14:30:00Z or milliseconds "
                           "since 1970 (UTC)");
    };
    if (text.empty() || text.size() > 40)
        return bad();
    bool digits = true;
    for (char c : text)
        digits = digits && c >= '0' && c <= '9';
    if (digits) {
        if (text.size() > 15)
            return bad();
        return static_cast<std::int64_t>(std::stoll(std::string(text)));
    }
    std::tm tm{};
    int millis = 0;
    const std::string s(text);
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    int consumed = 0;
    if (std::sscanf(s.c_str(), "%4d-%2d-%2d%n", &year, &month, &day, &consumed) != 3
        || consumed != 10)
        return bad();
    std::string rest = s.substr(10);
    if (!rest.empty()) {
        if (rest[0] != 'T' && rest[0] != ' ')
            return bad();
        int n = 0;
        const int got = std::sscanf(rest.c_str() + 1, "%2d:%2d%n", &hour, &minute, &n);
        if (got != 2 || n != 5)
            return bad();
        rest = rest.substr(6);
        if (!rest.empty() && rest[0] == ':') {
            if (std::sscanf(rest.c_str() + 1, "%2d%n", &second, &n) != 1 || n != 2)
                return bad();
            rest = rest.substr(3);
            if (!rest.empty() && rest[0] == '.') {
                if (std::sscanf(rest.c_str() + 1, "%3d%n", &millis, &n) != 1 || n != 3)
                    return bad();
                rest = rest.substr(4);
            }
        }
        if (rest.size() > 1 || (rest.size() == 1 && rest[0] != 'Z'))
            return bad();
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60
        || year < 1970 || year > 9999)
        return bad();
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    const std::time_t t = timegm(&tm);
    if (t == static_cast<std::time_t>(-1))
        return bad();
    return static_cast<std::int64_t>(t) * 1000 + millis;
}

} // namespace mdeck::deploy
