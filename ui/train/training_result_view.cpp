#include "ui/train/training_result_view.h"

#include "ui/resources.h"
#include "ui/text_format.h"
#include "widgets/confusion_heatmap.h"

#include "core/common/text.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace mdeck::ui {

TrainingResultView::TrainingResultView(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_metrics(new QTableWidget(0, 3, this))
    , m_confusion(new widgets::ConfusionHeatmap(this))
    , m_name(new QLineEdit(this))
    , m_register(new QPushButton(icon(QStringLiteral("register")), tr("Register"), this))
    , m_nameProblem(new QLabel(this))
{
    setObjectName(QStringLiteral("trainingResult"));
    m_summary->setObjectName(QStringLiteral("resultSummary"));
    m_summary->setWordWrap(true);
    m_metrics->setObjectName(QStringLiteral("resultMetricsTable"));
    m_metrics->setHorizontalHeaderLabels({tr("Metric"), tr("Test"), tr("Validation")});
    m_metrics->verticalHeader()->hide();
    m_metrics->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_metrics->setSelectionMode(QAbstractItemView::NoSelection);
    m_metrics->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_metrics->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_metrics->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_metrics->verticalHeader()->setDefaultSectionSize(m_metrics->fontMetrics().height() + 6);
    m_confusion->setObjectName(QStringLiteral("confusionHeatmap"));
    m_name->setObjectName(QStringLiteral("modelNameEdit"));
    m_name->setPlaceholderText(tr("model name"));
    m_register->setObjectName(QStringLiteral("registerTrainedButton"));
    m_nameProblem->setObjectName(QStringLiteral("modelNameProblem"));
    m_nameProblem->setWordWrap(true);
    connect(m_name, &QLineEdit::textChanged, this, &TrainingResultView::updateRegisterButton);
    connect(m_name, &QLineEdit::returnPressed, m_register, &QPushButton::click);
    connect(m_register, &QPushButton::clicked, this, [this] {
        if (m_register->isEnabled())
            Q_EMIT registerRequested(m_name->text().trimmed());
    });

    auto *registerRow = new QHBoxLayout;
    registerRow->addWidget(m_name, 1);
    registerRow->addWidget(m_register);
    auto *left = new QVBoxLayout;
    left->addWidget(m_summary);
    left->addWidget(m_metrics, 1);
    left->addLayout(registerRow);
    left->addWidget(m_nameProblem);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(left, 1);
    layout->addWidget(m_confusion, 1);
    clear();
}

QString TrainingResultView::metricTitle(const QString &key)
{
    if (key == QLatin1String("accuracy"))
        return tr("Accuracy");
    if (key == QLatin1String("precision_macro"))
        return tr("Precision (macro)");
    if (key == QLatin1String("recall_macro"))
        return tr("Recall (macro)");
    if (key == QLatin1String("f1_macro"))
        return tr("F1 (macro)");
    if (key == QLatin1String("roc_auc"))
        return tr("ROC AUC");
    if (key == QLatin1String("log_loss"))
        return tr("Log loss");
    if (key == QLatin1String("rmse"))
        return tr("RMSE");
    if (key == QLatin1String("mae"))
        return tr("MAE");
    if (key == QLatin1String("r2"))
        return tr("R²");
    return key;
}

void TrainingResultView::clear()
{
    m_hasResult = false;
    m_registered = false;
    m_metrics->setRowCount(0);
    m_confusion->clear();
    m_confusion->hide();
    m_summary->setText(tr("Train a model to see its test metrics here."));
    m_nameProblem->clear();
    updateRegisterButton();
}

void TrainingResultView::setResult(const TrainedModel &trained)
{
    m_hasResult = trained != nullptr;
    m_registered = false;
    m_nameProblem->clear();
    if (!trained) {
        clear();
        return;
    }
    const training::TrainOutcome &o = *trained;
    const QLocale locale;
    m_summary->setText(
        tr("%1 on %2 · rows: %3 train, %4 validation, %5 test, %6 dropped · %n epoch(s)", nullptr,
           int(o.history.size()))
            .arg(toQ(ml::taskName(o.package.task)), toQ(o.package.target),
                 locale.toString(qulonglong(o.trainRows)),
                 locale.toString(qulonglong(o.validationRows)),
                 locale.toString(qulonglong(o.testRows)),
                 locale.toString(qulonglong(o.droppedRows))));
    m_metrics->setRowCount(static_cast<int>(o.testMetrics.size()));
    int row = 0;
    for (const auto &[key, value] : o.testMetrics) {
        auto *name = new QTableWidgetItem(metricTitle(toQ(key)));
        name->setData(Qt::UserRole, toQ(key));
        m_metrics->setItem(row, 0, name);
        auto *test = new QTableWidgetItem(std::isnan(value) ? tr("n/a")
                                                            : locale.toString(value, 'f', 4));
        test->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_metrics->setItem(row, 1, test);
        const auto v = o.validationMetrics.find(key);
        auto *validation = new QTableWidgetItem(v == o.validationMetrics.end()
                                                        || std::isnan(v->second)
                                                    ? tr("n/a")
                                                    : locale.toString(v->second, 'f', 4));
        validation->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_metrics->setItem(row, 2, validation);
        ++row;
    }
    QStringList labels;
    for (const std::string &c : o.package.classes)
        labels.append(toQ(c));
    QList<QList<qint64>> counts;
    if (o.package.confusion.is_array()) {
        for (const Json &line : o.package.confusion) {
            QList<qint64> values;
            for (const Json &v : line)
                values.append(v.is_number() ? v.get<qint64>() : -1);
            counts.append(values);
        }
    }
    m_confusion->setVisible(!labels.isEmpty() && m_confusion->setMatrix(labels, counts));
    if (m_name->text().isEmpty())
        m_name->setText(toQ(o.package.target) + QStringLiteral("-model"));
    updateRegisterButton();
}

void TrainingResultView::setRegistered(const QString &model, int version)
{
    m_registered = true;
    m_nameProblem->setText(tr("Registered as %1 version %2.").arg(model).arg(version));
    updateRegisterButton();
}

void TrainingResultView::setRegisterAllowed(bool allowed, const QString &whyNot)
{
    m_allowed = allowed;
    m_register->setToolTip(whyNot);
    updateRegisterButton();
}

void TrainingResultView::setModelName(const QString &name)
{
    m_name->setText(name);
}

QString TrainingResultView::modelName() const
{
    return m_name->text().trimmed();
}

void TrainingResultView::updateRegisterButton()
{
    const QString name = modelName();
    const bool valid = isValidName(name.toStdString());
    if (m_hasResult && !m_registered)
        m_nameProblem->setText(
            valid || name.isEmpty()
                ? QString()
                : tr("A model name is 1–64 lower-case letters, digits, '.', '_' or '-', "
                     "starting with a letter or digit."));
    m_name->setEnabled(m_hasResult && !m_registered);
    m_register->setEnabled(m_hasResult && !m_registered && valid && m_allowed);
}

} // namespace mdeck::ui
