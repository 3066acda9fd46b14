#pragma once

// Fairness at a glance: one bar per group with a metric's ratio to the
// reference group, the acceptable band (by default 0.8–1.25, the four-fifths
// rule) shaded, bars outside it in the "worse" colour, and groups too small
// to judge drawn hollow. GUI thread only.

#include <QList>
#include <QString>
#include <QWidget>

class QCustomPlot;

namespace mdeck::widgets {

struct GroupRatio
{
    QString group;
    double ratio = 1; // NaN = not computable
    qint64 size = 0;
    bool tooSmall = false;
};

class GroupRatioChart : public QWidget
{
    Q_OBJECT

public:
    explicit GroupRatioChart(QWidget *parent = nullptr);

    void setGroups(const QString &metric, const QList<GroupRatio> &groups, double lower = 0.8,
                   double upper = 1.25);
    void clear() { setGroups({}, {}); }
    int groupCount() const { return int(m_groups.size()); }
    // Groups outside the band (not counting too-small ones).
    int outsideCount() const;
    QCustomPlot *plot() const { return m_plot; }
    QString toCsv() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild();

    QCustomPlot *m_plot;
    QString m_metric;
    QList<GroupRatio> m_groups;
    double m_lower = 0.8;
    double m_upper = 1.25;
};

} // namespace mdeck::widgets
