#include "ui/train/hyperparameter_form.h"

#include "ui/text_format.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QSpinBox>

#include <cmath>

namespace mdeck::ui {

namespace {

QDoubleSpinBox *doubleSpin(const QString &name, double min, double max, double step, int decimals,
                           double value, QWidget *parent)
{
    auto *spin = new QDoubleSpinBox(parent);
    spin->setObjectName(name);
    spin->setRange(min, max);
    spin->setSingleStep(step);
    spin->setDecimals(decimals);
    spin->setValue(value);
    return spin;
}

QSpinBox *intSpin(const QString &name, int min, int max, int value, QWidget *parent)
{
    auto *spin = new QSpinBox(parent);
    spin->setObjectName(name);
    spin->setRange(min, max);
    spin->setValue(value);
    return spin;
}

QComboBox *combo(const QString &name, const QList<QPair<QString, QString>> &items, QWidget *parent)
{
    auto *box = new QComboBox(parent);
    box->setObjectName(name);
    for (const auto &[title, key] : items)
        box->addItem(title, key);
    // Long choices ("multiclass classification") must not widen the whole form; the popup shows them.
    box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    box->setMinimumContentsLength(10);
    return box;
}

} // namespace

HyperparameterForm::HyperparameterForm(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("hyperparameterForm"));
    m_task = combo(QStringLiteral("taskCombo"),
                   {{tr("automatic"), QString()},
                    {tr("binary classification"), QStringLiteral("binary")},
                    {tr("multiclass classification"), QStringLiteral("multiclass")},
                    {tr("regression"), QStringLiteral("regression")}},
                   this);
    m_model = combo(QStringLiteral("modelCombo"),
                    {{tr("MLP"), QStringLiteral("mlp")},
                     {tr("linear / logistic"), QStringLiteral("linear")}},
                    this);
    m_hidden = new QLineEdit(QStringLiteral("64,64"), this);
    m_hidden->setObjectName(QStringLiteral("hiddenEdit"));
    m_hidden->setToolTip(tr("Sizes of the hidden layers, separated by commas"));
    m_activation = combo(QStringLiteral("activationCombo"),
                         {{QStringLiteral("ReLU"), QStringLiteral("relu")},
                          {QStringLiteral("tanh"), QStringLiteral("tanh")},
                          {QStringLiteral("sigmoid"), QStringLiteral("sigmoid")},
                          {QStringLiteral("GELU"), QStringLiteral("gelu")}},
                         this);
    m_dropout = doubleSpin(QStringLiteral("dropoutSpin"), 0, 0.9, 0.05, 2, 0, this);
    m_optimizer = combo(QStringLiteral("optimizerCombo"),
                        {{QStringLiteral("Adam"), QStringLiteral("adam")},
                         {QStringLiteral("SGD"), QStringLiteral("sgd")}},
                        this);
    m_learningRate = doubleSpin(QStringLiteral("learningRateSpin"), 1e-6, 10, 1e-3, 6, 1e-3, this);
    m_weightDecay = doubleSpin(QStringLiteral("weightDecaySpin"), 0, 1, 1e-4, 6, 0, this);
    m_batchSize = intSpin(QStringLiteral("batchSizeSpin"), 1, 65536, 64, this);
    m_epochs = intSpin(QStringLiteral("epochsSpin"), 1, 100000, 100, this);
    m_patience = intSpin(QStringLiteral("patienceSpin"), 0, 100000, 10, this);
    m_patience->setSpecialValueText(tr("never stop early"));
    m_seed = intSpin(QStringLiteral("seedSpin"), 0, 2147483647, 42, this);
    m_threads = intSpin(QStringLiteral("threadsSpin"), 0, 256, 0, this);
    m_threads->setSpecialValueText(tr("default"));
    m_split = combo(QStringLiteral("splitCombo"),
                    {{tr("random, stratified"), QStringLiteral("random")},
                     {tr("by the timestamp column"), QStringLiteral("time")}},
                    this);
    m_trainFraction = doubleSpin(QStringLiteral("trainFractionSpin"), 0.01, 0.98, 0.05, 2, 0.7,
                                 this);
    m_validationFraction = doubleSpin(QStringLiteral("validationFractionSpin"), 0, 0.9, 0.05, 2,
                                      0.15, this);
    m_testFraction = doubleSpin(QStringLiteral("testFractionSpin"), 0, 0.9, 0.05, 2, 0.15, this);
    connect(m_model, &QComboBox::currentIndexChanged, this, [this] {
        const bool mlp = m_model->currentData().toString() == QLatin1String("mlp");
        m_hidden->setEnabled(mlp);
        m_activation->setEnabled(mlp);
        m_dropout->setEnabled(mlp);
    });

    auto *model = new QFormLayout;
    model->addRow(tr("Task"), m_task);
    model->addRow(tr("Model"), m_model);
    model->addRow(tr("Hidden layers"), m_hidden);
    model->addRow(tr("Activation"), m_activation);
    model->addRow(tr("Dropout"), m_dropout);
    model->addRow(tr("Optimizer"), m_optimizer);
    model->addRow(tr("Learning rate"), m_learningRate);
    auto *run = new QFormLayout;
    run->addRow(tr("Weight decay"), m_weightDecay);
    run->addRow(tr("Batch size"), m_batchSize);
    run->addRow(tr("Epochs"), m_epochs);
    run->addRow(tr("Patience"), m_patience);
    run->addRow(tr("Seed"), m_seed);
    run->addRow(tr("Threads"), m_threads);
    run->addRow(tr("Split"), m_split);
    auto *fractions = new QHBoxLayout;
    fractions->addWidget(m_trainFraction);
    fractions->addWidget(m_validationFraction);
    fractions->addWidget(m_testFraction);
    m_trainFraction->setToolTip(tr("Share of rows for training"));
    m_validationFraction->setToolTip(tr("Share of rows for validation (early stopping)"));
    m_testFraction->setToolTip(tr("Share of rows held out for the test metrics"));
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(model, 0, 0);
    layout->addLayout(run, 0, 1);
    auto *fractionForm = new QFormLayout;
    fractionForm->addRow(tr("Train / validation / test"), fractions);
    layout->addLayout(fractionForm, 1, 0, 1, 2);
    layout->setRowStretch(2, 1);
}

std::vector<int> HyperparameterForm::hiddenSizes(bool *ok) const
{
    std::vector<int> sizes;
    *ok = true;
    const QStringList parts = m_hidden->text().split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        bool good = false;
        const int size = part.trimmed().toInt(&good);
        if (!good || size <= 0) {
            *ok = false;
            return {};
        }
        sizes.push_back(size);
    }
    return sizes;
}

bool HyperparameterForm::timeSplit() const
{
    return m_split->currentData().toString() == QLatin1String("time");
}

void HyperparameterForm::fill(training::TrainRequest &request, const QString &timestamp) const
{
    const QString task = m_task->currentData().toString();
    if (!task.isEmpty()) {
        if (auto parsed = ml::parseTask(task.toStdString()))
            request.task = *parsed;
    }
    ml::TrainSpec &spec = request.spec;
    spec.model = m_model->currentData().toString() == QLatin1String("mlp") ? ml::ModelKind::Mlp
                                                                           : ml::ModelKind::Linear;
    bool ok = false;
    spec.hidden = spec.model == ml::ModelKind::Mlp ? hiddenSizes(&ok) : std::vector<int>{};
    if (auto a = ml::parseActivation(m_activation->currentData().toString().toStdString()))
        spec.activation = *a;
    spec.dropout = m_dropout->value();
    if (auto o = ml::parseOptimizer(m_optimizer->currentData().toString().toStdString()))
        spec.optimizer = *o;
    spec.learningRate = m_learningRate->value();
    spec.weightDecay = m_weightDecay->value();
    spec.batchSize = m_batchSize->value();
    spec.epochs = m_epochs->value();
    spec.patience = m_patience->value();
    spec.seed = static_cast<std::uint64_t>(m_seed->value());
    spec.threads = m_threads->value();
    request.fractions = {m_trainFraction->value(), m_validationFraction->value(),
                         m_testFraction->value()};
    request.timeColumn = timeSplit() ? timestamp.toStdString() : std::string();
}

QStringList HyperparameterForm::problems(bool haveTimestamp) const
{
    QStringList out;
    bool ok = false;
    hiddenSizes(&ok);
    if (m_model->currentData().toString() == QLatin1String("mlp") && !ok)
        out.append(tr("Hidden layers must be positive whole numbers separated by commas, "
                      "such as 64,64."));
    const double sum = m_trainFraction->value() + m_validationFraction->value()
        + m_testFraction->value();
    if (std::abs(sum - 1.0) > 1e-6)
        out.append(tr("The train, validation and test shares add up to %1 instead of 1.")
                       .arg(formatNumber(sum)));
    if (timeSplit() && !haveTimestamp)
        out.append(tr("A split by time needs a column with the role timestamp."));
    training::TrainRequest request;
    fill(request, {});
    if (ok || request.spec.model == ml::ModelKind::Linear) {
        // Core's own checks, in its English words, for what the form cannot rule out.
        if (auto valid = ml::validateSpec(request.spec); !valid)
            out.append(toQ(valid.error().message));
    }
    return out;
}

void HyperparameterForm::setQuickSettings(int epochs)
{
    m_hidden->setText(QStringLiteral("32"));
    m_epochs->setValue(epochs);
    m_patience->setValue(10);
    m_seed->setValue(42);
    m_threads->setValue(1);
    m_learningRate->setValue(0.01);
}

} // namespace mdeck::ui
