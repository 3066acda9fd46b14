#include "ui/deployments/approval_view.h"

#include "ui/engine_bridge.h"
#include "ui/text_format.h"
#include "widgets/inline_message.h"

#include "core/common/json.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>
#include <map>

namespace mdeck::ui {

namespace {

QTableWidget *makeTable(const QString &objectName, const QStringList &headers, QWidget *parent)
{
    auto *t = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    t->setObjectName(objectName);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->setVisible(false);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionMode(QAbstractItemView::NoSelection);
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    t->horizontalHeader()->setStretchLastSection(true);
    return t;
}

QString number(const Json &v, int decimals = 4)
{
    if (!v.is_number())
        return QStringLiteral("–");
    const double d = v.get<double>();
    return std::isfinite(d) ? QString::number(d, 'f', decimals) : QStringLiteral("–");
}

// Labels wrap so that the panel never forces a wide window.
QLabel *wrapped(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    return label;
}

void setRow(QTableWidget *t, int row, const QStringList &cells)
{
    for (int c = 0; c < cells.size(); ++c) {
        auto *item = new QTableWidgetItem(cells[c]);
        if (c > 0)
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        t->setItem(row, c, item);
    }
}

} // namespace

ApprovalView::ApprovalView(EngineBridge *bridge, QWidget *parent)
    : QWidget(parent)
    , m_bridge(bridge)
    , m_summary(new QLabel(this))
    , m_metrics(makeTable(QStringLiteral("evidenceMetrics"),
                          {tr("Metric"), tr("Stable"), tr("Candidate"), tr("Difference")}, this))
    , m_benchmarks(makeTable(QStringLiteral("evidenceBenchmarks"),
                             {tr("Batch"), tr("Stable p99 µs"), tr("Candidate p99 µs"),
                              tr("Stable rows/s"), tr("Candidate rows/s")},
                             this))
    , m_signature(new QLabel(this))
    , m_shadow(new QLabel(this))
    , m_comment(new QPlainTextEdit(this))
    , m_approve(new QPushButton(tr("Approve"), this))
    , m_reject(new QPushButton(tr("Reject"), this))
    , m_message(new widgets::InlineMessage(this))
{
    setObjectName(QStringLiteral("approvalView"));
    m_summary->setObjectName(QStringLiteral("requestSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_signature->setObjectName(QStringLiteral("evidenceSignature"));
    m_signature->setWordWrap(true);
    m_shadow->setObjectName(QStringLiteral("evidenceShadow"));
    m_shadow->setWordWrap(true);
    m_comment->setObjectName(QStringLiteral("decisionComment"));
    m_comment->setPlaceholderText(tr("Comment for the audit trail (required)"));
    m_comment->setMaximumHeight(70);
    m_approve->setObjectName(QStringLiteral("approveButton"));
    m_reject->setObjectName(QStringLiteral("rejectButton"));
    m_message->setObjectName(QStringLiteral("decisionMessage"));

    auto *side = new QHBoxLayout;
    auto *left = new QVBoxLayout;
    left->addWidget(wrapped(tr("<b>Metrics</b> (registry, candidate − stable)"), this));
    left->addWidget(m_metrics);
    auto *right = new QVBoxLayout;
    right->addWidget(wrapped(tr("<b>Benchmark</b> (latest stored run of each version)"), this));
    right->addWidget(m_benchmarks);
    side->addLayout(left);
    side->addLayout(right);

    auto *checks = new QFormLayout;
    checks->addRow(tr("Signature:"), m_signature);
    checks->addRow(tr("Shadow traffic:"), m_shadow);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_reject);
    buttons->addWidget(m_approve);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addLayout(side, 1);
    layout->addLayout(checks);
    layout->addWidget(m_comment);
    layout->addWidget(m_message);
    layout->addLayout(buttons);

    connect(m_comment, &QPlainTextEdit::textChanged, this, &ApprovalView::updateButtons);
    connect(m_approve, &QPushButton::clicked, this, [this] { decide(true); });
    connect(m_reject, &QPushButton::clicked, this, [this] { decide(false); });
    connect(m_bridge, &EngineBridge::rolloutDecided, this,
            [this](quint64 ticket, const deploy::Rollout &) {
                if (ticket != m_pending)
                    return;
                m_pending = 0;
                m_comment->clear();
                updateButtons();
            });
    connect(m_bridge, &EngineBridge::failed, this,
            [this](quint64 ticket, const QString &, const QString &message) {
                if (ticket != m_pending)
                    return;
                m_pending = 0;
                m_message->showMessage(widgets::InlineMessage::Kind::Error, message);
                updateButtons();
            });
    connect(m_bridge, &EngineBridge::actorChanged, this, &ApprovalView::updateButtons);
    setRollout(std::nullopt);
}

void ApprovalView::setRollout(const std::optional<deploy::Rollout> &rollout)
{
    const bool same = rollout && m_rollout && rollout->id == m_rollout->id
        && rollout->state == m_rollout->state;
    m_rollout = rollout;
    if (same) {
        updateButtons();
        return;
    }
    m_metrics->setRowCount(0);
    m_benchmarks->setRowCount(0);
    if (!rollout) {
        m_summary->setText(tr("No rollout is open for this deployment."));
        m_signature->clear();
        m_shadow->clear();
        updateButtons();
        return;
    }
    const deploy::Rollout &r = *rollout;
    m_summary->setText(tr("Rollout %1: version %2 → %3 (%4), %5. Requested by %6 on %7: “%8”")
                           .arg(r.id)
                           .arg(r.fromVersion)
                           .arg(r.toVersion)
                           .arg(toQ(deploy::rolloutModeName(r.mode)),
                                toQ(deploy::rolloutStateName(r.state)), toQ(r.requestedBy),
                                formatTime(r.requestedAt), toQ(r.requestComment).toHtmlEscaped()));
    auto evidence = parseJson(r.evidenceJson, "evidence");
    const Json e = evidence && evidence->is_object() ? *evidence : Json::object();

    const Json metrics = e.value("metrics", Json::array());
    m_metrics->setRowCount(static_cast<int>(metrics.size()));
    int row = 0;
    for (const Json &m : metrics)
        setRow(m_metrics, row++,
               {toQ(m.value("key", std::string())), number(m.value("stable", Json())),
                number(m.value("candidate", Json())), number(m.value("difference", Json()))});

    // Batch sizes of either run, side by side.
    std::map<int, std::pair<Json, Json>> batches;
    const Json benches = e.value("benchmarks", Json::object());
    for (const char *side : {"stable", "candidate"}) {
        const Json b = benches.value(side, Json());
        if (!b.is_object() || !b.contains("results") || !b["results"].is_object())
            continue;
        for (const Json &res : b["results"].value("results", Json::array())) {
            auto &slot = batches[res.value("batch", 0)];
            (std::string(side) == "stable" ? slot.first : slot.second) = res;
        }
    }
    m_benchmarks->setRowCount(static_cast<int>(batches.size()));
    row = 0;
    for (const auto &[batch, pair] : batches)
        setRow(m_benchmarks, row++,
               {QString::number(batch), number(pair.first.value("p99_us", Json()), 0),
                number(pair.second.value("p99_us", Json()), 0),
                number(pair.first.value("rows_per_s", Json()), 0),
                number(pair.second.value("rows_per_s", Json()), 0)});
    if (batches.empty()) {
        m_benchmarks->setRowCount(1);
        setRow(m_benchmarks, 0, {tr("No stored benchmark"), {}, {}, {}, {}});
    }

    const Json sig = e.value("signature", Json::object());
    if (sig.value("compatible", true)) {
        m_signature->setText(tr("compatible: same inputs, every output kept"));
    } else {
        QStringList diffs;
        for (const Json &d : sig.value("differences", Json::array()))
            if (d.is_string())
                diffs << toQ(d.get<std::string>());
        m_signature->setText(tr("INCOMPATIBLE: %1").arg(diffs.join(QStringLiteral("; "))));
    }
    const Json shadow = e.value("shadow", Json::object());
    const auto compared = shadow.value("compared", std::int64_t(0));
    if (compared == 0)
        m_shadow->setText(tr("no shadow traffic compared yet"));
    else
        m_shadow->setText(tr("%1 of %2 answers disagree with the stable version (%3%)")
                              .arg(shadow.value("disagreed", std::int64_t(0)))
                              .arg(compared)
                              .arg(shadow.value("disagreement_rate", 0.0) * 100, 0, 'f', 2));
    m_message->clearMessage();
    updateButtons();
}

QString ApprovalView::whyNotDecide() const
{
    if (!m_rollout || m_rollout->state != deploy::RolloutState::Requested)
        return tr("No rollout request is waiting for a decision.");
    if (!m_bridge->may(auth::Permission::ApproveRollout))
        return tr("Only release managers and admins may approve or reject a rollout; you act as "
                  "%1 (%2).")
            .arg(toQ(m_bridge->actor().name), roleTitle(m_bridge->actor().role));
    if (m_bridge->actor().name == m_rollout->requestedBy)
        return tr("You requested this rollout, so another release manager must approve or "
                  "reject it.");
    return {};
}

void ApprovalView::updateButtons()
{
    const QString why = whyNotDecide();
    const bool may = why.isEmpty() && m_pending == 0;
    const bool commented = !m_comment->toPlainText().trimmed().isEmpty();
    m_comment->setEnabled(may);
    m_approve->setEnabled(may && commented);
    m_reject->setEnabled(may && commented);
    const QString tip = !why.isEmpty() ? why
        : commented                    ? QString()
                                       : tr("Write a comment for the audit trail first.");
    m_approve->setToolTip(tip);
    m_reject->setToolTip(tip);
    // An error from the last decision stays visible while the user may still act.
    if (!why.isEmpty() && m_rollout && m_rollout->state == deploy::RolloutState::Requested)
        m_message->showMessage(widgets::InlineMessage::Kind::Information, why);
    else if (!why.isEmpty())
        m_message->clearMessage();
}

void ApprovalView::decide(bool approve)
{
    if (!m_rollout || !whyNotDecide().isEmpty())
        return;
    const QString comment = m_comment->toPlainText().trimmed();
    m_pending = approve ? m_bridge->approveRollout(m_rollout->id, comment)
                        : m_bridge->rejectRollout(m_rollout->id, comment);
    m_message->clearMessage();
    updateButtons();
}

} // namespace mdeck::ui
