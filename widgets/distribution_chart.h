#pragma once

// Reference against current distribution of one feature (QCustomPlot). A
// numeric feature shows the reference histogram as filled bars and the
// current one as an outlined step line over it; a categorical feature shows
// bar pairs per category. Counts are drawn as shares of their total, so a
// small window compares fairly with a large reference. GUI thread only.

#include <QStringList>
#include <QWidget>

#include <span>
#include <vector>

class QCustomPlot;
class QCPBars;
class QCPBarsGroup;
class QCPGraph;
class QCPItemText;

namespace mdeck::widgets {

class DistributionChart : public QWidget
{
    Q_OBJECT

public:
    explicit DistributionChart(QWidget *parent = nullptr);

    // `edges` has one more entry than each count list. Returns false on a shape mismatch.
    bool setNumeric(std::span<const double> edges, std::span<const double> reference,
                    std::span<const double> current);
    bool setCategorical(const QStringList &categories, std::span<const double> reference,
                        std::span<const double> current);
    void clear();
    // Series names, e.g. "reference", "Nov 20 14:00".
    void setSeriesNames(const QString &reference, const QString &current);

    bool isCategorical() const { return m_categorical; }
    int binCount() const { return int(m_reference.size()); }
    // Share of the current (or reference) total in bin `i`.
    double currentShare(int i) const;
    double referenceShare(int i) const;
    QCustomPlot *plot() const { return m_plot; }
    // bin (or category), reference share, current share.
    QString toCsv() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild();
    void applyPalette();

    QCustomPlot *m_plot;
    QCPBars *m_refBars;
    QCPBars *m_curBars;
    QCPBarsGroup *m_group;
    QCPGraph *m_curStep;
    bool m_categorical = false;
    std::vector<double> m_edges;
    QStringList m_categories;
    std::vector<double> m_reference; // shares
    std::vector<double> m_current;   // shares
    QString m_refName;
    QString m_curName;
};

} // namespace mdeck::widgets
