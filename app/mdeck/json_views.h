#pragma once

// The --json shape of each core type `mdeck` prints. Times are ISO 8601 UTC
// strings; audit details are embedded as JSON, not as text. Pure functions.

#include "core/auth/audit_log.h"
#include "core/auth/user_directory.h"
#include "core/common/json.h"
#include "core/registry/types.h"

namespace mdeck::cli {

Json modelJson(const registry::Model &model);
Json versionJson(const registry::ModelVersion &version);
Json versionRowJson(const registry::VersionRow &row);
Json userJson(const auth::User &user);
Json tokenJson(const auth::TokenInfo &token);
Json auditEntryJson(const auth::AuditEntry &entry);
Json actorJson(const auth::Actor &actor);

} // namespace mdeck::cli
