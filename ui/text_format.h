#pragma once

// How the console writes core values: timestamps, sizes, shapes, roles. The
// words are translated; core's own messages stay English.

#include "core/auth/auth.h"

#include <QCoreApplication>
#include <QString>

#include <cstdint>
#include <string>
#include <vector>

namespace mdeck::ui {

// The translation context of free functions in ui/.
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(ModelDeck)
};

inline QString toQ(const std::string &text)
{
    return QString::fromStdString(text);
}

// Local date and time of milliseconds since the epoch, e.g. "2026-11-27 03:35".
QString formatTime(std::int64_t millis);
QString formatSize(std::int64_t bytes);
// "[-1, 30]"
QString formatShape(const std::vector<std::int64_t> &shape);
QString roleTitle(auth::Role role);
// Metrics whose name contains loss, error, rmse or mae: smaller is better.
bool isLowerBetter(const QString &metric);
// The shortest text that reads back as `value`.
QString formatNumber(double value);

} // namespace mdeck::ui
