// AlertEngine: rule state per series, firings and actions, all recorded in
// the alert history and the audit log.

#include "core/auth/audit_log.h"
#include "core/auth/auth.h"
#include "core/common/text.h"
#include "core/monitor/rules.h"
#include "core/store/database.h"

#include <chrono>

namespace mdeck::monitor {

namespace {

Result<void> record(store::Database &db, const auth::Actor &actor, const Firing &f,
                    const std::string &action, const std::string &outcome, const Json &details)
{
    auto st = db.prepare("INSERT INTO alert_history (time, rule, series, window_id, statistic, "
                         "value, action, outcome, details) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                         "?8, ?9)");
    if (!st)
        return st.error();
    st->bind(1, nowMillis())
        .bind(2, f.rule.name)
        .bind(3, f.series)
        .bind(5, f.rule.statistic)
        .bind(6, f.value)
        .bind(7, action)
        .bind(8, outcome)
        .bind(9, details.dump());
    if (f.windowId)
        st->bind(4, f.windowId);
    else
        st->bindNull(4);
    MDECK_TRY(st->run());
    Json audit = firingToJson(f);
    audit["action"] = action;
    audit["outcome"] = outcome;
    if (!details.empty())
        audit["details"] = details;
    auto logged = auth::AuditLog::append(db, actor,
                                         action == "fire" ? "alert.fire" : "alert.action",
                                         "rule " + f.rule.name, audit);
    if (!logged)
        return logged.error();
    return success();
}

} // namespace

Result<std::vector<Firing>> AlertEngine::evaluate(const std::vector<AlertRule> &rules,
                                                  const std::string &series,
                                                  std::span<const WindowResult> windows,
                                                  const auth::Actor &actor)
{
    MDECK_TRY(auth::require(actor, auth::Permission::Read));
    std::vector<Firing> fired;
    for (const auto &rule : rules) {
        if (!rule.series.empty() && series.find(rule.series) == std::string::npos)
            continue;
        std::vector<Firing> ruleFirings;
        {
            auto tx = m_db.begin();
            if (!tx)
                return tx.error();
            std::int64_t consecutive = 0, lastWindow = 0;
            std::optional<std::int64_t> lastFired;
            {
                auto st = m_db.prepare("SELECT consecutive, last_window, last_fired FROM "
                                       "alert_state WHERE rule = ?1 AND series = ?2");
                if (!st)
                    return st.error();
                st->bind(1, rule.name).bind(2, series);
                auto row = st->step();
                if (!row)
                    return row.error();
                if (*row) {
                    consecutive = st->int64(0);
                    lastWindow = st->int64(1);
                    if (!st->isNull(2))
                        lastFired = st->int64(2);
                }
            }
            bool changed = false;
            for (const auto &w : windows) {
                if (w.id != 0 && w.id <= lastWindow)
                    continue;
                changed = true;
                lastWindow = std::max(lastWindow, w.id);
                const auto value = windowStatistic(w, rule.statistic);
                const bool breach = value && compare(rule.op, *value, rule.threshold);
                consecutive = breach ? consecutive + 1 : 0;
                if (consecutive < rule.consecutive)
                    continue;
                if (lastFired && w.start - *lastFired < rule.cooldownMs)
                    continue;
                consecutive = 0;
                lastFired = w.start;
                Firing f{rule, series, w.id, w.start, *value};
                MDECK_TRY(record(m_db, actor, f, "fire", "fired", Json::object()));
                ruleFirings.push_back(std::move(f));
            }
            if (changed) {
                auto st = m_db.prepare(
                    "INSERT INTO alert_state (rule, series, consecutive, last_window, last_fired) "
                    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (rule, series) DO UPDATE SET "
                    "consecutive = excluded.consecutive, last_window = excluded.last_window, "
                    "last_fired = excluded.last_fired");
                if (!st)
                    return st.error();
                st->bind(1, rule.name).bind(2, series).bind(3, consecutive).bind(4, lastWindow);
                st->bindOptional(5, lastFired);
                MDECK_TRY(st->run());
            }
            MDECK_TRY(tx->commit());
        }
        // Actions run outside the transaction: a slow webhook must not hold the database.
        for (const auto &f : ruleFirings) {
            for (const auto &a : rule.actions) {
                const auto &handler = a.kind == "webhook" ? m_handlers.webhook
                    : a.kind == "rollback"                ? m_handlers.rollback
                                                          : m_handlers.pipeline;
                std::string outcome = "unbound";
                Json details = {{"target", a.target}};
                if (handler) {
                    auto done = handler(f, a);
                    outcome = done ? "ok" : "failed";
                    if (!done)
                        details["error"] = done.error().message;
                }
                auto tx = m_db.begin();
                if (!tx)
                    return tx.error();
                MDECK_TRY(record(m_db, actor, f, a.kind, outcome, details));
                MDECK_TRY(tx->commit());
            }
            fired.push_back(f);
        }
    }
    return fired;
}

Result<std::vector<AlertRecord>> AlertEngine::history(const std::string &rule, std::size_t limit)
{
    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    auto st = m_db.prepare("SELECT id, time, rule, series, window_id, statistic, value, action, "
                           "outcome, details FROM alert_history WHERE (?1 = '' OR rule = ?1) "
                           "ORDER BY id LIMIT ?2");
    if (!st)
        return st.error();
    st->bind(1, rule).bind(2, static_cast<std::int64_t>(limit));
    std::vector<AlertRecord> out;
    for (;;) {
        auto more = st->step();
        if (!more)
            return more.error();
        if (!*more)
            break;
        AlertRecord r;
        r.id = st->int64(0);
        r.time = st->int64(1);
        r.rule = st->text(2);
        r.series = st->text(3);
        r.windowId = st->isNull(4) ? 0 : st->int64(4);
        r.statistic = st->text(5);
        r.value = st->real(6);
        r.action = st->text(7);
        r.outcome = st->text(8);
        r.details = Json::parse(st->text(9), nullptr, false);
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace mdeck::monitor
