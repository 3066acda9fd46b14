#pragma once

// Drives the window through its main states for --screenshot: waits until
// the data of each state has loaded, then saves a PNG of the window or
// dialog with QWidget::grab(). Emits finished() when all are saved or a
// state did not load within its time. GUI thread only.

#include "core/base/result.h"

#include <QObject>
#include <QStringList>
#include <QTemporaryDir>

#include <functional>
#include <vector>

class QTimer;
class QWidget;

namespace mdeck::ui {

class EngineBridge;
class MainWindow;

class ScreenshotDriver : public QObject
{
    Q_OBJECT

public:
    ScreenshotDriver(MainWindow *window, EngineBridge *bridge, const QString &dir,
                     QObject *parent = nullptr);

    void start();
    QStringList saved() const { return m_saved; }
    QString error() const { return m_error; }

Q_SIGNALS:
    void finished(bool ok);

private:
    struct Shot
    {
        QString file;
        std::function<void()> prepare;
        std::function<bool()> ready;
        std::function<QWidget *()> target;
        std::function<void()> cleanup;
    };

    void buildShots();
    void buildTrainShots();
    void buildDriftShots();
    // Writes the demo deployment's drift series as a snapshot file (blocking; screenshots only).
    Result<void> exportDemoSnapshot(const QString &path) const;
    void buildPipelineShots();
    void poll();
    bool idle() const;
    void fail(const QString &message);

    MainWindow *m_window;
    EngineBridge *m_bridge;
    QString m_dir;
    std::vector<Shot> m_shots;
    std::size_t m_current = 0;
    bool m_exampleStarted = false;
    bool m_prepared = false;
    int m_settledPolls = 0;
    int m_waitedPolls = 0;
    QTimer *m_timer;
    QWidget *m_dialog = nullptr;
    QTemporaryDir m_scratch;
    QStringList m_saved;
    QString m_error;
};

} // namespace mdeck::ui
