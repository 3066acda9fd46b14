#pragma once

// The model and hyperparameter form of the Train panel: task, model kind,
// hidden sizes, activation, dropout, optimizer, learning rate, weight decay,
// batch size, epochs, early-stopping patience, seed, threads, and the split
// (stratified random or by the timestamp column, with fractions). It fills
// a TrainRequest and says in the user's language what is wrong with it.
// GUI thread only.

#include "core/training/training_job.h"

#include <QStringList>
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace mdeck::ui {

class HyperparameterForm : public QWidget
{
    Q_OBJECT

public:
    explicit HyperparameterForm(QWidget *parent = nullptr);

    // Everything but the data and roles; the time split needs a timestamp column.
    void fill(training::TrainRequest &request, const QString &timestampColumn) const;
    // Problems that stop a run, in the user's language; empty when the form is fine.
    QStringList problems(bool haveTimestamp) const;
    bool timeSplit() const;

    // For the demo and tests: small settings that train in seconds.
    void setQuickSettings(int epochs);

private:
    std::vector<int> hiddenSizes(bool *ok) const;

    QComboBox *m_task;
    QComboBox *m_model;
    QLineEdit *m_hidden;
    QComboBox *m_activation;
    QDoubleSpinBox *m_dropout;
    QComboBox *m_optimizer;
    QDoubleSpinBox *m_learningRate;
    QDoubleSpinBox *m_weightDecay;
    QSpinBox *m_batchSize;
    QSpinBox *m_epochs;
    QSpinBox *m_patience;
    QSpinBox *m_seed;
    QSpinBox *m_threads;
    QComboBox *m_split;
    QDoubleSpinBox *m_trainFraction;
    QDoubleSpinBox *m_validationFraction;
    QDoubleSpinBox *m_testFraction;
};

} // namespace mdeck::ui
