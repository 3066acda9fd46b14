#pragma once

// A small inline chart of one column's distribution for a schema table: the
// bars of a histogram (numeric columns) or of the most frequent categories,
// labelled (categorical columns). Non-finite or negative counts are drawn as
// zero. GUI thread only.

#include <QList>
#include <QPair>
#include <QString>
#include <QWidget>

namespace mdeck::widgets {

class ColumnSketch : public QWidget
{
    Q_OBJECT

public:
    explicit ColumnSketch(QWidget *parent = nullptr);

    void setHistogram(const QList<double> &counts);
    // Most frequent first; at most `kMaxCategories` are drawn.
    void setCategories(const QList<QPair<QString, double>> &categories);
    void clear();

    int barCount() const { return static_cast<int>(m_values.size()); }
    bool showsCategories() const { return !m_labels.isEmpty(); }

    static constexpr int kMaxCategories = 4;

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<double> m_values;
    QStringList m_labels;
};

} // namespace mdeck::widgets
