#include "core/auth/audit_log.h"

#include "core/common/sha256.h"
#include "core/common/text.h"

namespace mdeck::auth {

namespace {

Result<std::pair<std::int64_t, std::string>> readHead(store::Database &db)
{
    auto st = db.prepare("SELECT value FROM meta WHERE key = 'audit_head'");
    if (!st)
        return st.error();
    auto row = st->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::make_pair<std::int64_t, std::string>(0, AuditLog::kGenesis);
    const std::string v = st->text(0);
    const auto colon = v.find(':');
    if (colon == std::string::npos)
        return Error(ErrorCode::Integrity, "the audit log head in the workspace is malformed");
    return std::make_pair(static_cast<std::int64_t>(std::stoll(v.substr(0, colon))),
                          v.substr(colon + 1));
}

} // namespace

std::string AuditLog::entryHash(const AuditEntry &e)
{
    // Length-prefixed fields: no separator inside a field can forge another split.
    Sha256 h;
    auto field = [&h](std::string_view s) {
        h.update(std::to_string(s.size()) + ":");
        h.update(s);
    };
    field(e.prevHash);
    field(std::to_string(e.seq));
    field(std::to_string(e.time));
    field(e.actor);
    field(e.action);
    field(e.subject);
    field(e.details);
    return h.hexDigest();
}

Result<std::int64_t> AuditLog::append(store::Database &db, const Actor &actor,
                                      std::string_view action, std::string_view subject,
                                      const Json &details)
{
    auto head = readHead(db);
    if (!head)
        return head.error();
    AuditEntry e;
    e.seq = head->first + 1;
    e.time = nowMillis();
    e.actor = actor.name;
    e.action = std::string(action);
    e.subject = std::string(subject);
    e.details = canonicalJson(details);
    e.prevHash = head->second;
    e.hash = entryHash(e);
    auto st = db.prepare(
        "INSERT INTO audit_log(seq, time, actor, action, subject, details, prev_hash, hash) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!st)
        return st.error();
    st->bind(1, e.seq).bind(2, e.time).bind(3, e.actor).bind(4, e.action).bind(5, e.subject);
    st->bind(6, e.details).bind(7, e.prevHash).bind(8, e.hash);
    MDECK_TRY(st->run());
    auto up = db.prepare("INSERT INTO meta(key, value) VALUES ('audit_head', ?1) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!up)
        return up.error();
    up->bind(1, std::to_string(e.seq) + ":" + e.hash);
    MDECK_TRY(up->run());
    return e.seq;
}

Result<std::vector<AuditEntry>> AuditLog::list(store::Database &db, const AuditQuery &q)
{
    auto tx = db.beginRead();
    if (!tx)
        return tx.error();
    std::string sql
        = "SELECT seq, time, actor, action, subject, details, prev_hash, hash FROM audit_log "
          "WHERE seq > ?1 AND (?2 = '' OR subject = ?2 OR substr(subject, 1, length(?2) + 1) = ?2 "
          "|| ':') "
          "AND (?3 = '' OR action = ?3) ORDER BY seq ";
    sql += q.newestFirst ? "DESC" : "ASC";
    sql += " LIMIT ?4";
    auto st = db.prepare(sql);
    if (!st)
        return st.error();
    st->bind(1, q.afterSeq).bind(2, q.subjectPrefix).bind(3, q.action).bind(4, q.limit);
    std::vector<AuditEntry> out;
    for (;;) {
        auto row = st->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        out.push_back({st->int64(0), st->int64(1), st->text(2), st->text(3), st->text(4),
                       st->text(5), st->text(6), st->text(7)});
    }
    return out;
}

Result<AuditVerification> AuditLog::verify(store::Database &db)
{
    auto tx = db.beginRead();
    if (!tx)
        return tx.error();
    AuditVerification v;
    auto fail = [&v](std::int64_t seq, std::string problem) {
        v.ok = false;
        v.badSeq = seq;
        v.problem = std::move(problem);
        return v;
    };
    auto st = db.prepare("SELECT seq, time, actor, action, subject, details, prev_hash, hash "
                         "FROM audit_log ORDER BY seq ASC");
    if (!st)
        return st.error();
    std::string prev = kGenesis;
    std::int64_t expectedSeq = 1;
    for (;;) {
        auto row = st->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        AuditEntry e{st->int64(0), st->int64(1), st->text(2), st->text(3),
                     st->text(4),  st->text(5),  st->text(6), st->text(7)};
        ++v.checked;
        const std::string where = "audit entry #" + std::to_string(e.seq) + " (" + e.action + " "
            + e.subject + " by " + e.actor + ", " + isoTime(e.time) + ")";
        if (e.seq != expectedSeq)
            return fail(expectedSeq,
                        "audit entry #" + std::to_string(expectedSeq)
                            + " is missing: the log jumps from #" + std::to_string(expectedSeq - 1)
                            + " to #" + std::to_string(e.seq) + " (deleted)");
        if (e.prevHash != prev)
            return fail(e.seq,
                        where
                            + " does not follow the entry before it (deleted, inserted or "
                              "reordered entries)");
        if (entryHash(e) != e.hash)
            return fail(e.seq, where + " was edited: its content no longer matches its hash");
        prev = e.hash;
        ++expectedSeq;
    }
    auto head = readHead(db);
    if (!head)
        return head.error();
    if (head->first != expectedSeq - 1 || head->second != prev) {
        if (head->first > expectedSeq - 1)
            return fail(expectedSeq,
                        "audit entries #" + std::to_string(expectedSeq) + " to #"
                            + std::to_string(head->first)
                            + " are missing from the end of the log (deleted)");
        return fail(expectedSeq - 1,
                    "the end of the audit log does not match the workspace's recorded head (entry #"
                        + std::to_string(head->first) + ")");
    }
    return v;
}

} // namespace mdeck::auth
