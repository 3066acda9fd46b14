#pragma once

// Everything about one version, on tabs: overview (description, artifact,
// lineage), signature, metrics/params/tags, and its audit history. Shows a
// VersionDetails that the registry panel loaded; queries nothing itself.
// GUI thread only.

#include "ui/engine_types.h"

#include <QTabWidget>

class QFormLayout;
class QLabel;
class QTableView;
class QTreeWidget;

namespace mdeck::ui {

class KeyValueModel;

class VersionDetailsView : public QTabWidget
{
    Q_OBJECT

public:
    enum Tab { OverviewTab, SignatureTab, MetricsTab, HistoryTab };

    explicit VersionDetailsView(QWidget *parent = nullptr);

    void showDetails(const VersionDetails &details);
    // Shows `text` in place of the details (nothing selected, loading, …).
    void showPlaceholder(const QString &text);
    // The version shown, 0 when none.
    int shownVersion() const { return m_version; }

private:
    QWidget *createOverviewPage();
    QWidget *createMetricsPage();
    void fillSignature(const Signature &signature);
    void fillHistory(const std::vector<auth::AuditEntry> &history);
    void setField(const QString &name, const QString &value);

    int m_version = 0;
    QLabel *m_placeholder = nullptr;
    QWidget *m_overviewFields = nullptr;
    QHash<QString, QLabel *> m_fields;
    QTreeWidget *m_signature = nullptr;
    KeyValueModel *m_metrics = nullptr;
    KeyValueModel *m_params = nullptr;
    KeyValueModel *m_tags = nullptr;
    QTreeWidget *m_history = nullptr;
};

} // namespace mdeck::ui
