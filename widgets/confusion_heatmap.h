#pragma once

// A confusion matrix as a heatmap: true classes down the left, predicted
// classes along the top, each cell shaded by its share of its row and
// labelled with its count. Takes plain labels and counts; a matrix that is
// not square or does not match the labels is refused. GUI thread only.

#include <QList>
#include <QStringList>
#include <QWidget>

namespace mdeck::widgets {

class ConfusionHeatmap : public QWidget
{
    Q_OBJECT

public:
    explicit ConfusionHeatmap(QWidget *parent = nullptr);

    // counts[true][predicted]; returns false (and shows nothing) on a shape mismatch.
    bool setMatrix(const QStringList &labels, const QList<QList<qint64>> &counts);
    void clear();
    int classCount() const { return static_cast<int>(m_labels.size()); }
    qint64 count(int trueClass, int predictedClass) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QStringList m_labels;
    QList<QList<qint64>> m_counts;
};

} // namespace mdeck::widgets
