#pragma once

// Saving a chart as PNG, PDF or CSV. QCustomPlot charts go through its own
// vector PDF and PNG writers; other widgets are rendered. Files are written
// whole or not at all (QSaveFile). GUI thread only.

#include <QString>

class QWidget;

namespace mdeck::widgets {

enum class ExportFormat { Png, Pdf, Csv };

// The format named by the suffix of `path` (.png, .pdf, .csv); false when none fits.
bool exportFormatFor(const QString &path, ExportFormat *format);
// Writes `chart` (PNG, PDF) or `csv` (CSV) to `path`. Returns "" or the reason it failed.
QString exportChart(QWidget *chart, const QString &csv, const QString &path);

} // namespace mdeck::widgets
