#pragma once

// The Drift panel's own snapshot file: the whole view model of one scope as
// JSON ("format": "modeldeck-drift-view", version 1), so that an analyst can
// open it with no workspace and no engine. Written whole or not at all;
// read with a clear message for a truncated, damaged, foreign or too-new
// file that names the file and the field. Any thread.

#include "ui/drift/drift_view_model.h"

#include "core/base/result.h"

#include <QByteArray>
#include <QString>

namespace mdeck::ui::drift {

inline constexpr qint64 kMaxSnapshotBytes = qint64(1) << 30;

QByteArray driftSnapshotJson(const DriftViewModel &model, qint64 createdMs);
Result<bool> writeDriftSnapshot(const DriftViewModel &model, const QString &path);
Result<DriftViewModel> parseDriftSnapshot(const QByteArray &bytes, const QString &name);
Result<DriftViewModel> readDriftSnapshot(const QString &path);

} // namespace mdeck::ui::drift
