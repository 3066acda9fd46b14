#include "ui/train/train_panel.h"

#include "ui/resources.h"
#include "ui/train/benchmark_view.h"
#include "ui/train/train_view.h"

#include <QSettings>
#include <QTabWidget>
#include <QVBoxLayout>

namespace mdeck::ui {

namespace {

const QString kTabKey = QStringLiteral("trainPanel/tab");

} // namespace

TrainPanel::TrainPanel(EngineBridge *bridge, QWidget *parent)
    : Panel(parent)
    , m_tabs(new QTabWidget(this))
    , m_train(new TrainView(bridge, m_tabs))
    , m_benchmark(new BenchmarkView(bridge, m_tabs))
{
    setObjectName(QStringLiteral("trainPanel"));
    m_tabs->setObjectName(QStringLiteral("trainTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_train, ui::icon(QStringLiteral("train")), tr("Train"));
    m_tabs->addTab(m_benchmark, ui::icon(QStringLiteral("benchmark")), tr("Benchmark"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
}

QString TrainPanel::title() const
{
    return tr("Train & Benchmark");
}

QIcon TrainPanel::icon() const
{
    return ui::icon(QStringLiteral("train"));
}

void TrainPanel::refresh()
{
    m_benchmark->refresh();
}

bool TrainPanel::isLoading() const
{
    return m_train->isLoading() || m_train->isTraining() || m_benchmark->isBusy();
}

void TrainPanel::saveState(QSettings &settings) const
{
    settings.setValue(kTabKey, m_tabs->currentIndex());
}

void TrainPanel::restoreState(const QSettings &settings)
{
    m_tabs->setCurrentIndex(settings.value(kTabKey, 0).toInt());
}

void TrainPanel::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(tab);
}

} // namespace mdeck::ui
