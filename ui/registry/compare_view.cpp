#include "ui/registry/compare_view.h"

#include "ui/text_format.h"
#include "widgets/metric_delta_chart.h"
#include "widgets/theme.h"

#include "core/common/signature_json.h"

#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>
#include <set>

namespace mdeck::ui {

namespace {

QTableWidget *compareTable(const QString &objectName, const QStringList &headers, QWidget *parent)
{
    auto *table = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    table->setObjectName(objectName);
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setWordWrap(false);
    return table;
}

QLabel *note(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QGroupBox *group(const QString &title, std::initializer_list<QWidget *> children, QWidget *parent)
{
    auto *box = new QGroupBox(title, parent);
    auto *layout = new QVBoxLayout(box);
    for (QWidget *child : children)
        layout->addWidget(child);
    return box;
}

// Tables as tall as their rows, so a short list does not leave an empty box.
void fitToRows(QTableWidget *table)
{
    int height = table->horizontalHeader()->sizeHint().height() + 2 * table->frameWidth();
    for (int row = 0; row < table->rowCount(); ++row)
        height += table->rowHeight(row);
    table->setFixedHeight(height + 2);
}

QTableWidgetItem *item(const QString &text, Qt::Alignment align = Qt::AlignLeft | Qt::AlignVCenter)
{
    auto *it = new QTableWidgetItem(text);
    it->setTextAlignment(align);
    it->setToolTip(text);
    return it;
}

} // namespace

CompareView::CompareView(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_signature(note(QStringLiteral("signatureDiff"), this))
    , m_artifact(note(QStringLiteral("artifactDiff"), this))
    , m_metrics(compareTable(QStringLiteral("compareMetrics"),
                             {tr("Metric"), QString(), QString(), tr("Change")}, this))
    , m_metricsNote(note(QStringLiteral("metricsNote"), this))
    , m_chart(new widgets::MetricDeltaChart(this))
    , m_params(
          compareTable(QStringLiteral("compareParams"), {tr("Param"), QString(), QString()}, this))
    , m_paramsNote(note(QStringLiteral("paramsNote"), this))
    , m_tags(compareTable(QStringLiteral("compareTags"), {tr("Tag"), QString(), QString()}, this))
    , m_tagsNote(note(QStringLiteral("tagsNote"), this))
{
    setObjectName(QStringLiteral("compareView"));
    m_title->setObjectName(QStringLiteral("compareTitle"));
    QFont big = m_title->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.15);
    m_title->setFont(big);
    m_chart->setObjectName(QStringLiteral("metricDeltaChart"));
    m_chart->setMinimumHeight(150);

    auto *content = new QWidget;
    auto *grid = new QGridLayout(content);
    grid->addWidget(m_title, 0, 0, 1, 2);
    auto *left = new QVBoxLayout;
    left->addWidget(group(tr("Signature"), {m_signature}, content));
    left->addWidget(group(tr("Artifact"), {m_artifact}, content));
    left->addWidget(group(tr("Params that differ"), {m_paramsNote, m_params}, content));
    left->addWidget(group(tr("Tags that differ"), {m_tagsNote, m_tags}, content));
    left->addStretch();
    auto *right = new QVBoxLayout;
    right->addWidget(group(tr("Metrics"), {m_metricsNote, m_metrics, m_chart}, content));
    right->addStretch();
    grid->addLayout(left, 1, 0);
    grid->addLayout(right, 1, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);
    showPlaceholder(tr("Select two versions and choose Compare."));
}

void CompareView::showPlaceholder(const QString &text)
{
    m_versions = {0, 0};
    m_title->setText(text);
    for (QLabel *label : {m_signature, m_artifact, m_metricsNote, m_paramsNote, m_tagsNote})
        label->clear();
    for (QTableWidget *table : {m_metrics, m_params, m_tags})
        table->setRowCount(0);
    m_chart->setDeltas({});
    m_chart->hide();
}

void CompareView::showComparison(const VersionComparison &comparison)
{
    const registry::ModelVersion &a = comparison.left;
    const registry::ModelVersion &b = comparison.right;
    m_versions = {a.version, b.version};
    m_title->setText(tr("%1: version %2 compared with version %3")
                         .arg(toQ(a.model))
                         .arg(a.version)
                         .arg(b.version));
    const QString va = tr("v%1").arg(a.version);
    const QString vb = tr("v%1").arg(b.version);
    for (QTableWidget *table : {m_metrics, m_params, m_tags}) {
        table->setHorizontalHeaderItem(1, new QTableWidgetItem(va));
        table->setHorizontalHeaderItem(2, new QTableWidgetItem(vb));
    }

    const std::vector<std::string> differences = signatureDifferences(a.signature, b.signature);
    if (differences.empty()) {
        m_signature->setText(tr("The signatures are the same."));
    } else {
        QString html = QStringLiteral("<ul style=\"margin-left:-20px\">");
        for (const std::string &d : differences)
            html += QStringLiteral("<li>") + toQ(d).toHtmlEscaped() + QStringLiteral("</li>");
        m_signature->setText(html + QStringLiteral("</ul>"));
    }
    if (a.artifactSha256 == b.artifactSha256)
        m_artifact->setText(
            tr("Both versions use the same file (%1, SHA-256 %2…).")
                .arg(formatSize(a.artifactSize), toQ(a.artifactSha256.substr(0, 12))));
    else
        m_artifact->setText(tr("Different files: %1 (%2, %3) and %4 (%5, %6).")
                                .arg(toQ(a.artifactName), toQ(a.format), formatSize(a.artifactSize),
                                     toQ(b.artifactName), toQ(b.format),
                                     formatSize(b.artifactSize)));
    fillMetrics(a, b);
    const int params = fillDifferences(m_params, a.params, b.params);
    if (params == 0)
        m_paramsNote->setText(tr("Neither version records params."));
    else if (m_params->rowCount() == 0)
        m_paramsNote->setText(tr("All %n param(s) are the same.", nullptr, params));
    else
        m_paramsNote->setText(
            tr("%1 of %n param(s) differ.", nullptr, params).arg(m_params->rowCount()));
    const int tags = fillDifferences(m_tags, a.tags, b.tags);
    if (tags == 0)
        m_tagsNote->setText(tr("Neither version has tags."));
    else if (m_tags->rowCount() == 0)
        m_tagsNote->setText(tr("All %n tag(s) are the same.", nullptr, tags));
    else
        m_tagsNote->setText(tr("%1 of %n tag(s) differ.", nullptr, tags).arg(m_tags->rowCount()));
}

void CompareView::fillMetrics(const registry::ModelVersion &a, const registry::ModelVersion &b)
{
    std::set<std::string> names;
    for (const auto &[k, v] : a.metrics)
        names.insert(k);
    for (const auto &[k, v] : b.metrics)
        names.insert(k);
    m_metrics->setRowCount(0);
    QList<widgets::MetricDelta> deltas;
    const QPalette pal = palette();
    for (const std::string &name : names) {
        const QString key = toQ(name);
        const auto ia = a.metrics.find(name);
        const auto ib = b.metrics.find(name);
        const int row = m_metrics->rowCount();
        m_metrics->insertRow(row);
        m_metrics->setItem(row, 0, item(key));
        const Qt::Alignment right = Qt::AlignRight | Qt::AlignVCenter;
        m_metrics->setItem(row, 1,
                           item(ia != a.metrics.end() ? formatNumber(ia->second) : tr("—"), right));
        m_metrics->setItem(row, 2,
                           item(ib != b.metrics.end() ? formatNumber(ib->second) : tr("—"), right));
        Verdict verdict = Verdict::Missing;
        QString change = tr("only in one version");
        if (ia != a.metrics.end() && ib != b.metrics.end()) {
            const widgets::MetricDelta delta{key, ia->second, ib->second, isLowerBetter(key)};
            const double diff = ib->second - ia->second;
            deltas.append(delta);
            if (diff == 0) {
                verdict = Verdict::Same;
                change = tr("no change");
            } else {
                verdict = widgets::MetricDeltaChart::isImprovement(delta) ? Verdict::Better
                                                                          : Verdict::Worse;
                change = (diff > 0 ? QStringLiteral("+") : QString()) + formatNumber(diff);
                if (ia->second != 0)
                    change += QStringLiteral(" (%1%2 %)")
                                  .arg(diff > 0 ? QStringLiteral("+") : QString())
                                  .arg(QLocale().toString(widgets::MetricDeltaChart::relativeChange(
                                                              ia->second, ib->second),
                                                          'f', 1));
                change += verdict == Verdict::Better ? tr(", better") : tr(", worse");
            }
        }
        auto *changeItem = item(change, right);
        changeItem->setData(Qt::UserRole, static_cast<int>(verdict));
        m_metrics->setItem(row, 3, changeItem);
        if (verdict == Verdict::Better || verdict == Verdict::Worse) {
            const QColor color = verdict == Verdict::Better ? widgets::positiveColor(pal)
                                                            : widgets::negativeColor(pal);
            const QColor tint = widgets::blend(pal.color(QPalette::Base), color, 0.18);
            for (int column : {2, 3}) {
                m_metrics->item(row, column)->setForeground(color);
                m_metrics->item(row, column)->setBackground(tint);
            }
            QFont bold = changeItem->font();
            bold.setBold(true);
            changeItem->setFont(bold);
        }
    }
    // The values matter more than the width: a narrow pane scrolls rather than eliding them.
    m_metrics->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_metrics->horizontalHeader()->setStretchLastSection(true);
    fitToRows(m_metrics);
    m_metrics->setVisible(!names.empty());
    m_metricsNote->setText(
        names.empty() ? tr("Neither version records metrics.")
                      : tr("Lower is better for names containing loss, error, rmse or mae; "
                           "higher is better for all others."));
    m_chart->setDeltas(deltas);
    m_chart->setVisible(m_chart->barCount() > 0);
}

int CompareView::fillDifferences(QTableWidget *table, const std::map<std::string, std::string> &a,
                                 const std::map<std::string, std::string> &b)
{
    std::set<std::string> keys;
    for (const auto &[k, v] : a)
        keys.insert(k);
    for (const auto &[k, v] : b)
        keys.insert(k);
    table->setRowCount(0);
    for (const std::string &key : keys) {
        const auto ia = a.find(key);
        const auto ib = b.find(key);
        const QString left = ia != a.end() ? toQ(ia->second) : tr("(not set)");
        const QString right = ib != b.end() ? toQ(ib->second) : tr("(not set)");
        if (ia != a.end() && ib != b.end() && ia->second == ib->second)
            continue;
        const int row = table->rowCount();
        table->insertRow(row);
        table->setItem(row, 0, item(toQ(key)));
        table->setItem(row, 1, item(left));
        table->setItem(row, 2, item(right));
    }
    fitToRows(table);
    table->setVisible(table->rowCount() > 0);
    return static_cast<int>(keys.size());
}

} // namespace mdeck::ui
