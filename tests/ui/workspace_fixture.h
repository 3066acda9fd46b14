#pragma once

// A real workspace in a QTemporaryDir for console tests: three models, the
// breast-cancer MLP from tests/data registered with metrics and params that
// differ between versions, an admin bound to this OS account and,
// on request, a viewer with an API token.

#include "core/auth/auth.h"
#include "core/registry/types.h"

#include <QString>
#include <QTemporaryDir>

#include <map>
#include <string>

namespace mdeck::test {

// The common start of a console test: QStandardPaths' test mode, its own
// settings scope (cleared), and the console's embedded resources.
void prepareConsoleTest(const QString &applicationName);

QString dataFile(const QString &name);
QString modelFile();     // tests/data/models/breast_cancer_mlp.torchscript.pt
QString signatureFile(); // tests/data/models/breast_cancer_mlp.signature.json

class WorkspaceFixture
{
public:
    // Creates the workspace with "breast-cancer" v1 and v2 (alias champion -> v1),
    // "churn-model" v1 and "iris" v1. Returns false and sets error() on failure.
    bool create();
    QString path() const { return m_dir.path() + QStringLiteral("/ws"); }
    QString scratch() const { return m_dir.path(); }
    QString error() const { return m_error; }

    // Adds a user with `role` and returns a fresh API token of theirs.
    QString addUserWithToken(const std::string &name, auth::Role role);
    // Registers another version straight through core (as the GUI's "other process").
    int addVersion(const std::string &model, const std::map<std::string, double> &metrics = {});
    int versionCount(const std::string &model);
    // Stored benchmark runs of `model`, all versions; -1 on error.
    int benchmarkCount(const std::string &model);
    // Files under artifacts/, to check that refused registrations leave nothing behind.
    int artifactFileCount() const;

private:
    QTemporaryDir m_dir;
    QString m_error;
};

} // namespace mdeck::test
