#include "ui/registry/version_details_view.h"

#include "ui/models/key_value_model.h"
#include "ui/text_format.h"

#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QStackedLayout>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace mdeck::ui {

namespace {

// Field keys of the overview page, in display order.
const char *const kFields[] = {"model",   "version", "description", "status", "aliases",
                               "created", "format",  "artifact",    "sha256", "size",
                               "dataset", "run",     "parent"};

QString fieldTitle(const QString &key)
{
    static const QHash<QString, QString> titles = {
        {QStringLiteral("model"), VersionDetailsView::tr("Model:")},
        {QStringLiteral("version"), VersionDetailsView::tr("Version:")},
        {QStringLiteral("description"), VersionDetailsView::tr("Description:")},
        {QStringLiteral("status"), VersionDetailsView::tr("Status:")},
        {QStringLiteral("aliases"), VersionDetailsView::tr("Aliases:")},
        {QStringLiteral("created"), VersionDetailsView::tr("Registered:")},
        {QStringLiteral("format"), VersionDetailsView::tr("Format:")},
        {QStringLiteral("artifact"), VersionDetailsView::tr("Artifact:")},
        {QStringLiteral("sha256"), VersionDetailsView::tr("SHA-256:")},
        {QStringLiteral("size"), VersionDetailsView::tr("Size:")},
        {QStringLiteral("dataset"), VersionDetailsView::tr("Training data (SHA-256):")},
        {QStringLiteral("run"), VersionDetailsView::tr("Training run:")},
        {QStringLiteral("parent"), VersionDetailsView::tr("Parent version:")},
    };
    return titles.value(key);
}

QTableView *keyValueTable(KeyValueModel *model, const QString &objectName, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setObjectName(objectName);
    view->setModel(model);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setSortingEnabled(false);
    view->setWordWrap(false);
    return view;
}

} // namespace

VersionDetailsView::VersionDetailsView(QWidget *parent)
    : QTabWidget(parent)
{
    setObjectName(QStringLiteral("versionDetails"));
    setDocumentMode(true);
    addTab(createOverviewPage(), tr("Overview"));

    m_signature = new QTreeWidget(this);
    m_signature->setObjectName(QStringLiteral("signatureTree"));
    m_signature->setHeaderLabels({tr("Tensor"), tr("Datatype"), tr("Shape"), tr("Names")});
    m_signature->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_signature->header()->setStretchLastSection(true);
    m_signature->setUniformRowHeights(true);
    addTab(m_signature, tr("Signature"));

    addTab(createMetricsPage(), tr("Metrics && Params"));

    m_history = new QTreeWidget(this);
    m_history->setObjectName(QStringLiteral("historyView"));
    m_history->setHeaderLabels({tr("Time"), tr("User"), tr("Action"), tr("Details")});
    m_history->setRootIsDecorated(false);
    m_history->setUniformRowHeights(true);
    m_history->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_history->header()->setStretchLastSection(true);
    addTab(m_history, tr("History"));
    showPlaceholder(tr("Select a version to see its details."));
}

QWidget *VersionDetailsView::createOverviewPage()
{
    auto *page = new QWidget(this);
    auto *stack = new QStackedLayout(page);
    m_placeholder = new QLabel(page);
    m_placeholder->setObjectName(QStringLiteral("detailsPlaceholder"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setEnabled(false);
    stack->addWidget(m_placeholder);

    auto *scroll = new QScrollArea(page);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_overviewFields = new QWidget(scroll);
    auto *form = new QFormLayout(m_overviewFields);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (const char *key : kFields) {
        const QString name = QLatin1String(key);
        auto *label = new QLabel(m_overviewFields);
        label->setObjectName(QStringLiteral("field_") + name);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setWordWrap(name == QLatin1String("description"));
        if (name == QLatin1String("sha256") || name == QLatin1String("dataset"))
            label->setFont(mono);
        form->addRow(fieldTitle(name), label);
        m_fields.insert(name, label);
    }
    scroll->setWidget(m_overviewFields);
    stack->addWidget(scroll);
    return page;
}

QWidget *VersionDetailsView::createMetricsPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QHBoxLayout(page);
    m_metrics = new KeyValueModel(tr("Metric"), tr("Value"), this);
    m_params = new KeyValueModel(tr("Param"), tr("Value"), this);
    m_tags = new KeyValueModel(tr("Tag"), tr("Value"), this);
    const std::pair<KeyValueModel *, QString> tables[] = {{m_metrics, tr("Metrics")},
                                                          {m_params, tr("Params")},
                                                          {m_tags, tr("Tags")}};
    const QString names[] = {QStringLiteral("metricsView"), QStringLiteral("paramsView"),
                             QStringLiteral("tagsView")};
    for (int i = 0; i < 3; ++i) {
        auto *box = new QGroupBox(tables[i].second, page);
        auto *boxLayout = new QVBoxLayout(box);
        boxLayout->addWidget(keyValueTable(tables[i].first, names[i], box));
        layout->addWidget(box);
    }
    return page;
}

void VersionDetailsView::showPlaceholder(const QString &text)
{
    m_version = 0;
    m_placeholder->setText(text);
    static_cast<QStackedLayout *>(m_placeholder->parentWidget()->layout())->setCurrentIndex(0);
    m_signature->clear();
    m_metrics->clear();
    m_params->clear();
    m_tags->clear();
    m_history->clear();
}

void VersionDetailsView::showDetails(const VersionDetails &details)
{
    const registry::ModelVersion &v = details.version;
    m_version = v.version;
    static_cast<QStackedLayout *>(m_placeholder->parentWidget()->layout())->setCurrentIndex(1);
    setField(QStringLiteral("model"), toQ(v.model));
    setField(QStringLiteral("version"), QString::number(v.version));
    setField(QStringLiteral("description"),
             v.description.empty() ? tr("(none)") : toQ(v.description));
    setField(QStringLiteral("status"),
             v.archived ? tr("archived on %1").arg(formatTime(v.archivedAt.value_or(0)))
                        : tr("active"));
    QStringList aliases;
    for (const auto &a : v.aliases)
        aliases.append(QLatin1Char('@') + toQ(a));
    setField(QStringLiteral("aliases"),
             aliases.isEmpty() ? tr("(none)") : aliases.join(QStringLiteral(", ")));
    setField(QStringLiteral("created"),
             tr("%1 by %2").arg(formatTime(v.createdAt), toQ(v.createdBy)));
    setField(QStringLiteral("format"), toQ(v.format));
    setField(QStringLiteral("artifact"), toQ(v.artifactName));
    setField(QStringLiteral("sha256"), toQ(v.artifactSha256));
    setField(QStringLiteral("size"),
             tr("%1 (%2 bytes)").arg(formatSize(v.artifactSize), QLocale().toString(v.artifactSize)));
    setField(QStringLiteral("dataset"),
             v.lineage.datasetHash.empty() ? tr("(unknown)") : toQ(v.lineage.datasetHash));
    setField(QStringLiteral("run"),
             v.lineage.trainingRun.empty() ? tr("(unknown)") : toQ(v.lineage.trainingRun));
    setField(QStringLiteral("parent"),
             v.lineage.parentVersion ? QString::number(*v.lineage.parentVersion) : tr("(none)"));
    fillSignature(v.signature);
    m_metrics->setNumbers(v.metrics);
    m_params->setStrings(v.params);
    m_tags->setStrings(v.tags);
    fillHistory(details.history);
}

void VersionDetailsView::setField(const QString &name, const QString &value)
{
    if (QLabel *label = m_fields.value(name))
        label->setText(value);
}

void VersionDetailsView::fillSignature(const Signature &signature)
{
    m_signature->clear();
    const std::pair<QString, const std::vector<TensorSpec> *> groups[]
        = {{tr("Inputs"), &signature.inputs}, {tr("Outputs"), &signature.outputs}};
    for (const auto &[title, tensors] : groups) {
        auto *group = new QTreeWidgetItem(m_signature, {title});
        QFont bold = group->font(0);
        bold.setBold(true);
        group->setFont(0, bold);
        for (const TensorSpec &t : *tensors) {
            const auto &names = t.features.empty() ? t.classes : t.features;
            const QString kind = t.features.empty()
                ? tr("%n class(es)", nullptr, static_cast<int>(t.classes.size()))
                : tr("%n feature(s)", nullptr, static_cast<int>(t.features.size()));
            auto *item = new QTreeWidgetItem(group,
                                             {toQ(t.name), toQ(t.datatype), formatShape(t.shape),
                                              names.empty() ? QString() : kind});
            item->setToolTip(2, tr("-1 marks a dimension of any size, such as the batch."));
            for (std::size_t i = 0; i < names.size(); ++i)
                new QTreeWidgetItem(item,
                                    {QStringLiteral("[%1]").arg(i), QString(), QString(),
                                     toQ(names[i])});
        }
    }
    m_signature->expandAll();
}

void VersionDetailsView::fillHistory(const std::vector<auth::AuditEntry> &history)
{
    m_history->clear();
    QList<QTreeWidgetItem *> items;
    // Newest first: the latest change is what one looks for.
    for (auto it = history.rbegin(); it != history.rend(); ++it) {
        auto *item = new QTreeWidgetItem(
            {formatTime(it->time), toQ(it->actor), toQ(it->action), toQ(it->details)});
        item->setToolTip(3, toQ(it->details));
        items.append(item);
    }
    m_history->addTopLevelItems(items);
}

} // namespace mdeck::ui
