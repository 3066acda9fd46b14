#pragma once

// Shared helpers for the core tests: a scratch workspace with an admin, the
// shipped TorchScript model, and QTest-friendly printing of Results.

#include "core/auth/user_directory.h"
#include "core/registry/model_registry.h"
#include "core/store/workspace.h"

#include <QTemporaryDir>
#include <QtTest>

#include <memory>

namespace mdeck::test {

QString dataPath(const char *relative);
std::string dataFile(const char *relative);
Signature shippedSignature();

struct ScratchWorkspace
{
    ScratchWorkspace();
    QTemporaryDir dir;
    std::unique_ptr<store::Workspace> ws;
    std::unique_ptr<auth::UserDirectory> users;
    auth::Actor admin;
    std::string path(const char *name) const;
    // A small file with the given content inside the temp dir.
    std::string writeFile(const char *name, const std::string &content) const;
};

// Copies every stored prediction into a temporary table `predictions` of
// this connection (id, time, deployment, version_id, role, request_id, row,
// inputs, outputs, latency_us), replacing an earlier copy, so that a test
// can ask SQL about what was logged. The rows are read as the product reads
// them, through store::forEachPrediction.
Result<void> copyPredictionsToTemp(store::Database &db);

} // namespace mdeck::test

#define MDECK_VERIFY_OK(expr) \
    do { \
        const auto &mdeck_r_ = (expr); \
        QVERIFY2(mdeck_r_.ok(), mdeck_r_.ok() ? "" : mdeck_r_.error().message.c_str()); \
    } while (false)
