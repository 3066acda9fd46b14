#include "widgets/dag_view.h"

#include "widgets/theme.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <map>

namespace mdeck::widgets {

namespace {

constexpr int kNodeWidth = 150;
constexpr int kNodeHeight = 44;
constexpr int kColumnGap = 60;
constexpr int kRowGap = 16;
constexpr int kMargin = 12;

} // namespace

DagView::DagView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("dagView"));
    setMouseTracking(false);
    setFocusPolicy(Qt::ClickFocus);
}

void DagView::setGraph(std::vector<DagNode> nodes, std::vector<std::pair<int, int>> edges)
{
    m_nodes = std::move(nodes);
    m_edges.clear();
    const int n = static_cast<int>(m_nodes.size());
    for (const auto &e : edges)
        if (e.first >= 0 && e.first < n && e.second >= 0 && e.second < n && e.first != e.second)
            m_edges.push_back(e);
    if (m_selected >= n)
        m_selected = -1;
    layoutGraph();
    updateGeometry();
    update();
}

void DagView::setStatuses(const std::vector<DagStatus> &statuses)
{
    for (std::size_t i = 0; i < std::min(statuses.size(), m_nodes.size()); ++i)
        m_nodes[i].status = statuses[i];
    update();
}

void DagView::setSelected(int node)
{
    m_selected = node >= 0 && node < nodeCount() ? node : -1;
    update();
}

std::pair<int, int> DagView::position(int node) const
{
    if (node < 0 || node >= nodeCount())
        return {-1, -1};
    return {m_column[static_cast<std::size_t>(node)], m_row[static_cast<std::size_t>(node)]};
}

void DagView::layoutGraph()
{
    const std::size_t n = m_nodes.size();
    m_column.assign(n, 0);
    m_row.assign(n, 0);
    std::vector<std::vector<int>> parents(n), children(n);
    std::vector<int> indegree(n, 0);
    for (const auto &[from, to] : m_edges) {
        parents[static_cast<std::size_t>(to)].push_back(from);
        children[static_cast<std::size_t>(from)].push_back(to);
        ++indegree[static_cast<std::size_t>(to)];
    }
    // Longest path from a root, in topological order (Kahn); nodes left over sit on a cycle.
    std::vector<int> order;
    for (std::size_t i = 0; i < n; ++i)
        if (indegree[i] == 0)
            order.push_back(static_cast<int>(i));
    for (std::size_t k = 0; k < order.size(); ++k) {
        const int v = order[k];
        for (int c : children[static_cast<std::size_t>(v)]) {
            m_column[static_cast<std::size_t>(c)] = std::max(m_column[static_cast<std::size_t>(c)],
                                                             m_column[static_cast<std::size_t>(v)]
                                                                 + 1);
            if (--indegree[static_cast<std::size_t>(c)] == 0)
                order.push_back(c);
        }
    }
    m_columns = n ? *std::max_element(m_column.begin(), m_column.end()) + 1 : 0;
    // Within a column: by the mean row of the parents, then by index.
    std::vector<std::vector<int>> columns(static_cast<std::size_t>(m_columns));
    for (std::size_t i = 0; i < n; ++i)
        columns[static_cast<std::size_t>(m_column[i])].push_back(static_cast<int>(i));
    m_rows = 0;
    for (auto &col : columns) {
        std::vector<std::pair<double, int>> keyed;
        for (int v : col) {
            const auto &ps = parents[static_cast<std::size_t>(v)];
            double key = v;
            if (!ps.empty()) {
                double sum = 0;
                for (int p : ps)
                    sum += m_row[static_cast<std::size_t>(p)];
                key = sum / static_cast<double>(ps.size()) + v * 1e-6;
            }
            keyed.push_back({key, v});
        }
        std::sort(keyed.begin(), keyed.end());
        for (std::size_t r = 0; r < keyed.size(); ++r)
            m_row[static_cast<std::size_t>(keyed[r].second)] = static_cast<int>(r);
        m_rows = std::max(m_rows, static_cast<int>(keyed.size()));
    }
}

QRect DagView::nodeRect(int node) const
{
    const auto [c, r] = position(node);
    if (c < 0)
        return {};
    return QRect(kMargin + c * (kNodeWidth + kColumnGap), kMargin + r * (kNodeHeight + kRowGap),
                 kNodeWidth, kNodeHeight);
}

QSize DagView::sizeHint() const
{
    return QSize(2 * kMargin + std::max(1, m_columns) * (kNodeWidth + kColumnGap) - kColumnGap,
                 2 * kMargin + std::max(1, m_rows) * (kNodeHeight + kRowGap) - kRowGap);
}

QSize DagView::minimumSizeHint() const
{
    return sizeHint();
}

QColor DagView::statusColor(DagStatus status, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (status) {
    case DagStatus::Running:
        return dark ? QColor(0x3d, 0x8b, 0xfd) : QColor(0x1f, 0x6f, 0xeb);
    case DagStatus::Succeeded:
        return positiveColor(palette);
    case DagStatus::Failed:
        return negativeColor(palette);
    case DagStatus::Cached:
        return dark ? QColor(0x56, 0xb6, 0xc2) : QColor(0x0e, 0x8a, 0x9a);
    case DagStatus::Skipped:
    case DagStatus::Cancelled:
        return dark ? QColor(0xc0, 0x90, 0x40) : QColor(0xb0, 0x70, 0x10);
    case DagStatus::Pending:
        break;
    }
    return palette.color(QPalette::Mid);
}

void DagView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    p.setPen(QPen(pal.color(QPalette::Mid), 1.5));
    for (const auto &[from, to] : m_edges) {
        const QRect a = nodeRect(from), b = nodeRect(to);
        const QPointF start(a.right(), a.center().y()), end(b.left(), b.center().y());
        QPainterPath path(start);
        const double dx = std::max(20.0, (end.x() - start.x()) / 2);
        path.cubicTo(start + QPointF(dx, 0), end - QPointF(dx, 0), end);
        p.drawPath(path);
        p.drawLine(end, end + QPointF(-6, -4));
        p.drawLine(end, end + QPointF(-6, 4));
    }
    const QFont base = font();
    QFont small = base;
    small.setPointSizeF(std::max(6.0, base.pointSizeF() * 0.85));
    for (int i = 0; i < nodeCount(); ++i) {
        const QRect r = nodeRect(i);
        const QColor accent = statusColor(m_nodes[static_cast<std::size_t>(i)].status, pal);
        p.setBrush(blend(pal.color(QPalette::Base), accent, 0.18));
        p.setPen(QPen(i == m_selected ? pal.color(QPalette::Highlight) : accent,
                      i == m_selected ? 3 : 1.5));
        p.drawRoundedRect(r, 6, 6);
        p.fillRect(QRect(r.left() + 1, r.top() + 6, 5, r.height() - 12), accent);
        p.setPen(pal.color(QPalette::Text));
        p.setFont(base);
        const QRect text = r.adjusted(12, 4, -6, -r.height() / 2);
        p.drawText(text, Qt::AlignLeft | Qt::AlignBottom,
                   p.fontMetrics().elidedText(m_nodes[static_cast<std::size_t>(i)].label,
                                              Qt::ElideRight, text.width()));
        p.setFont(small);
        p.setPen(pal.color(QPalette::PlaceholderText));
        const QRect detail = r.adjusted(12, r.height() / 2 + 1, -6, -4);
        p.drawText(detail, Qt::AlignLeft | Qt::AlignTop,
                   p.fontMetrics().elidedText(m_nodes[static_cast<std::size_t>(i)].detail,
                                              Qt::ElideRight, detail.width()));
    }
}

void DagView::mousePressEvent(QMouseEvent *event)
{
    for (int i = 0; i < nodeCount(); ++i)
        if (nodeRect(i).contains(event->position().toPoint())) {
            setSelected(i);
            Q_EMIT nodeClicked(i);
            return;
        }
    QWidget::mousePressEvent(event);
}

} // namespace mdeck::widgets
