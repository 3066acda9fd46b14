#include "widgets/chart_export.h"

#include "widgets/plot_style.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFileInfo>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QWidget>

#include <algorithm>

namespace mdeck::widgets {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(ChartExport)
};

QString writeBytes(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Tr::tr("Cannot write %1: %2").arg(path, file.errorString());
    return {};
}

} // namespace

bool exportFormatFor(const QString &path, ExportFormat *format)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png"))
        *format = ExportFormat::Png;
    else if (suffix == QLatin1String("pdf"))
        *format = ExportFormat::Pdf;
    else if (suffix == QLatin1String("csv"))
        *format = ExportFormat::Csv;
    else
        return false;
    return true;
}

QString exportChart(QWidget *chart, const QString &csv, const QString &path)
{
    ExportFormat format;
    if (!exportFormatFor(path, &format))
        return Tr::tr("%1: choose a file ending in .png, .pdf or .csv.").arg(path);
    if (format == ExportFormat::Csv)
        return writeBytes(path, csv.toUtf8());
    if (!chart)
        return Tr::tr("There is no chart to export.");
    // Rendered into memory first, so that a failed write leaves no half file behind.
    auto *plot = qobject_cast<QCustomPlot *>(chart);
    if (!plot)
        plot = chart->findChild<QCustomPlot *>();
    const int w = std::max(chart->width(), 400);
    const int h = std::max(chart->height(), 260);
    if (format == ExportFormat::Png) {
        const QPixmap pixmap = plot ? plot->toPixmap(w, h, 2.0) : chart->grab();
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        if (!pixmap.save(&buffer, "PNG"))
            return Tr::tr("Cannot render the chart as PNG.");
        return writeBytes(path, bytes);
    }
    QByteArray bytes;
    {
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        QPdfWriter pdf(&buffer);
        pdf.setPageSize(QPageSize(QSizeF(w, h), QPageSize::Point));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setResolution(72);
        pdf.setCreator(QStringLiteral("ModelDeck"));
        if (plot) {
            // Vectors at the page's size, not a screenshot.
            QCPPainter painter(&pdf);
            plot->toPainter(&painter, w, h);
        } else {
            QPainter painter(&pdf);
            chart->render(&painter);
        }
    }
    if (bytes.isEmpty())
        return Tr::tr("Cannot render the chart as PDF.");
    return writeBytes(path, bytes);
}

} // namespace mdeck::widgets
