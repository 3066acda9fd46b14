#pragma once

// Draws a directed acyclic graph left to right: each node in the column of
// its longest path from a root, nodes within a column ordered by the mean
// position of their parents (one barycentre pass), edges as curves from a
// parent's right side to a child's left side. Each node is a rounded box
// tinted by its status. Takes plain data; a click selects a node.
// GUI thread only.

#include <QWidget>

#include <utility>
#include <vector>

namespace mdeck::widgets {

enum class DagStatus { Pending, Running, Succeeded, Failed, Cached, Skipped, Cancelled };

struct DagNode
{
    QString label;
    QString detail; // a second, smaller line (e.g. the step kind)
    DagStatus status = DagStatus::Pending;
};

class DagView : public QWidget
{
    Q_OBJECT

public:
    explicit DagView(QWidget *parent = nullptr);

    // `edges` are (from, to) node indexes: `to` needs `from`. A graph with a
    // cycle is drawn with the nodes on the cycle in column 0.
    void setGraph(std::vector<DagNode> nodes, std::vector<std::pair<int, int>> edges);
    // Changes only the colours; the layout stays.
    void setStatuses(const std::vector<DagStatus> &statuses);
    void setSelected(int node);
    int selected() const { return m_selected; }
    int nodeCount() const { return static_cast<int>(m_nodes.size()); }
    // Column and row of a node in the layout (for tests).
    std::pair<int, int> position(int node) const;
    QRect nodeRect(int node) const;
    static QColor statusColor(DagStatus status, const QPalette &palette);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void nodeClicked(int node);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    void layoutGraph();

    std::vector<DagNode> m_nodes;
    std::vector<std::pair<int, int>> m_edges;
    std::vector<int> m_column;
    std::vector<int> m_row;
    int m_columns = 0;
    int m_rows = 0;
    int m_selected = -1;
};

} // namespace mdeck::widgets
