#pragma once

// The result card of a finished training run: test and validation metrics
// side by side, the rows used per split, the test confusion matrix of a
// classifier, and a model-name field with the Register button. Emits
// registerRequested() with a valid name; the panel does the registering.
// GUI thread only.

#include "ui/engine_types.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace mdeck::widgets {
class ConfusionHeatmap;
}

namespace mdeck::ui {

class TrainingResultView : public QWidget
{
    Q_OBJECT

public:
    explicit TrainingResultView(QWidget *parent = nullptr);

    void setResult(const TrainedModel &trained);
    void clear();
    // After registering: the version it became, and no second registration of the same run.
    void setRegistered(const QString &model, int version);
    void setRegisterAllowed(bool allowed, const QString &whyNot);
    void setModelName(const QString &name);
    QString modelName() const;
    bool hasResult() const { return m_hasResult; }

    static QString metricTitle(const QString &key);

Q_SIGNALS:
    void registerRequested(const QString &model);

private:
    void updateRegisterButton();

    QLabel *m_summary;
    QTableWidget *m_metrics;
    widgets::ConfusionHeatmap *m_confusion;
    QLineEdit *m_name;
    QPushButton *m_register;
    QLabel *m_nameProblem;
    bool m_hasResult = false;
    bool m_registered = false;
    bool m_allowed = true;
};

} // namespace mdeck::ui
