#pragma once

// The answers EngineBridge hands to panels: core data gathered in one
// background call, so that a panel draws a whole state at once.

#include "core/auth/audit_log.h"
#include "core/registry/types.h"

#include <QMetaType>
#include <QString>

#include <vector>

namespace mdeck::ui {

struct VersionList
{
    std::vector<registry::VersionRow> rows;
    std::int64_t total = 0; // rows that match, even beyond the limit
};

struct VersionDetails
{
    registry::ModelVersion version;
    std::vector<auth::AuditEntry> history;
};

struct VersionComparison
{
    registry::ModelVersion left;
    registry::ModelVersion right;
};

// What the Register Version dialog asks for. The signature file is read and
// checked on the bridge's thread, before anything is written.
struct RegistrationRequest
{
    registry::NewVersion version; // everything but the signature
    QString signatureFile;
};

} // namespace mdeck::ui

Q_DECLARE_METATYPE(mdeck::ui::VersionList)
Q_DECLARE_METATYPE(mdeck::ui::VersionDetails)
Q_DECLARE_METATYPE(mdeck::ui::VersionComparison)
Q_DECLARE_METATYPE(mdeck::registry::ModelVersion)
Q_DECLARE_METATYPE(std::vector<mdeck::registry::Model>)
