#pragma once

// The hash-chained audit log. Each entry's hash covers its own fields and the
// previous entry's hash, and the workspace keeps the head of the chain, so an
// edited, deleted, inserted or reordered entry breaks the chain where it sits.
// append() must run inside the caller's write transaction so the change and
// its entry commit together. Errors: those of the store.

#include "core/auth/auth.h"
#include "core/common/json.h"
#include "core/store/database.h"

#include <optional>
#include <vector>

namespace mdeck::auth {

struct AuditEntry
{
    std::int64_t seq = 0;
    std::int64_t time = 0; // ms since epoch, UTC
    std::string actor;
    std::string action;  // e.g. "model.create", "version.register"
    std::string subject; // e.g. "model:iris", "version:iris:3"
    std::string details; // compact JSON
    std::string prevHash;
    std::string hash;
};

struct AuditQuery
{
    std::string subjectPrefix; // "" = all; "version:iris:3" = that version
    std::string action;        // exact action, "" = all
    std::int64_t afterSeq = 0;
    int limit = 1000;
    bool newestFirst = true;
};

struct AuditVerification
{
    std::int64_t checked = 0;
    bool ok = true;
    std::int64_t badSeq = 0; // first broken entry when !ok
    std::string problem;     // English sentence naming the entry
};

class AuditLog
{
public:
    static constexpr const char *kGenesis
        = "0000000000000000000000000000000000000000000000000000000000000000";

    static Result<std::int64_t> append(store::Database &db, const Actor &actor,
                                       std::string_view action, std::string_view subject,
                                       const Json &details);
    static Result<std::vector<AuditEntry>> list(store::Database &db, const AuditQuery &query);
    static Result<AuditVerification> verify(store::Database &db);
    static std::string entryHash(const AuditEntry &entry);
};

} // namespace mdeck::auth
