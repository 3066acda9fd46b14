#pragma once

// Features down the left, windows along the bottom, each cell coloured by its
// drift score relative to the feature's threshold: calm cells in the base
// colour, warming to amber at the threshold and red at twice it. Cells are
// drawn into an image with one pixel per cell and scaled, so 100 × 500 cells
// paint in a few milliseconds. Hovering shows feature, window, method, score
// and threshold; a click selects the cell (its row and column are outlined).
// GUI thread only.

#include <QImage>
#include <QStringList>
#include <QWidget>

#include <span>
#include <vector>

namespace mdeck::widgets {

struct HeatmapData
{
    QStringList features;   // rows
    QStringList windows;    // columns, short labels ("Nov 20 14:00")
    QString method;         // "PSI", "KS p-value"
    bool higherIsWorse = true; // false for p-values: the lower, the more drift
    std::vector<double> scores;     // features × windows, row-major; NaN = no data
    std::vector<double> thresholds; // one per feature
};

class DriftHeatmap : public QWidget
{
    Q_OBJECT

public:
    explicit DriftHeatmap(QWidget *parent = nullptr);

    // Returns false (and shows nothing) when the sizes do not match.
    bool setData(HeatmapData data);
    // Appends window columns (live): scores are features × `labels.size()`, row-major.
    bool appendWindows(const QStringList &labels, std::span<const double> scores);
    void clear();
    const HeatmapData &data() const { return m_data; }
    int featureCount() const { return int(m_data.features.size()); }
    int windowCount() const { return int(m_data.windows.size()); }

    void setSelection(int feature, int window);
    int selectedFeature() const { return m_feature; }
    int selectedWindow() const { return m_window; }

    // Score relative to the threshold: 1 = at the threshold, 2 = twice as far. NaN without data.
    double severity(int feature, int window) const;
    // The cell under `pos`, or {-1, -1}.
    QPair<int, int> cellAt(const QPoint &pos) const;
    QRect cellRect(int feature, int window) const;
    QString toolTipFor(int feature, int window) const;
    // The matrix as CSV: feature, then one column per window.
    QString toCsv() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void cellClicked(int feature, int window);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;
    bool event(QEvent *event) override;

private:
    QRect gridRect() const;
    void rebuildImage();
    QRgb colorFor(double severity) const;

    HeatmapData m_data;
    QImage m_image;
    int m_feature = -1;
    int m_window = -1;
    int m_labelWidth = 0;
};

} // namespace mdeck::widgets
