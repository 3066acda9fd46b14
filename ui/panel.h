#pragma once

// One page of the main window (Registry; later Train, Deployments, Drift,
// Pipelines). The window lists panels in its sidebar in the order they are
// added and forwards its shortcuts (Ctrl+F, F5) to the current one.
// GUI thread only.

#include <QIcon>
#include <QWidget>

class QSettings;

namespace mdeck::ui {

class Panel : public QWidget
{
    Q_OBJECT

public:
    using QWidget::QWidget;

    virtual QString title() const = 0;
    virtual QIcon icon() const = 0;
    // Loads everything again from the workspace (F5).
    virtual void refresh() {}
    // Puts the keyboard focus into the panel's filter field (Ctrl+F).
    virtual void focusFilter() {}
    virtual void saveState(QSettings &settings) const;
    virtual void restoreState(const QSettings &settings);
    // True while the panel waits for an answer from the engine.
    virtual bool isLoading() const { return false; }

Q_SIGNALS:
    void loadingChanged(bool loading);
};

} // namespace mdeck::ui
