// bench_drift_render: how long the Drift panel's charts take to draw
// offscreen, against the 100 ms goal and against QCustomPlot drawing the
// same data on its own (the peer, measured in the same run):
//   - the heatmap, 100 features × 500 windows: DriftHeatmap (an image with a
//     pixel per cell, scaled) against a QCPColorMap of the same matrix;
//   - the line chart, 1,000,000 points: DriftLineChart (min/max decimation
//     per pixel column) against a QCPGraph holding every point (QCustomPlot's
//     adaptive sampling), for the first draw and for a pan step; and, once, a
//     QCPGraph with adaptive sampling off, for scale.
// Each figure is the median of ROUNDS renders, the two sides taking turns.
//
//   bench_drift_render [ROUNDS]     (default 7; QT_QPA_PLATFORM defaults to offscreen)

#include "widgets/drift_heatmap.h"
#include "widgets/drift_line_chart.h"
#include "widgets/plot_style.h"

#include <QApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <vector>

using namespace mdeck::widgets;

namespace {

constexpr int kFeatures = 100;
constexpr int kWindows = 500;
constexpr int kPoints = 1000000;
constexpr double kGoalMs = 100;
const QSize kSize(1200, 600);

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

double timeMs(const std::function<void()> &work)
{
    QElapsedTimer timer;
    timer.start();
    work();
    return double(timer.nsecsElapsed()) / 1e6;
}

void report(const char *what, double ours, double peer)
{
    std::printf("%-44s %8.1f ms  (goal %.0f ms: %s)   QCustomPlot alone %8.1f ms   ratio %.1fx\n",
                what, ours, kGoalMs, ours <= kGoalMs ? "met" : "MISSED", peer,
                ours > 0 ? peer / ours : 0.0);
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 7;

    std::mt19937_64 rng(11);
    std::gamma_distribution<double> gamma(1.5, 0.05);
    HeatmapData heat;
    for (int f = 0; f < kFeatures; ++f)
        heat.features.append(QStringLiteral("feature_%1").arg(f));
    for (int w = 0; w < kWindows; ++w)
        heat.windows.append(QStringLiteral("w%1").arg(w));
    heat.method = QStringLiteral("PSI");
    heat.scores.resize(std::size_t(kFeatures) * kWindows);
    for (double &s : heat.scores)
        s = gamma(rng);
    heat.thresholds.assign(kFeatures, 0.2);

    std::vector<double> x(kPoints), y(kPoints);
    std::normal_distribution<double> noise(0, 0.01);
    for (int i = 0; i < kPoints; ++i) {
        x[std::size_t(i)] = 1.7e9 + i * 60.0;
        y[std::size_t(i)] = 0.1 + 0.05 * std::sin(i * 1e-4) + noise(rng);
    }
    QVector<double> qx(x.begin(), x.end()), qy(y.begin(), y.end());

    std::vector<double> heatOurs, heatPeer, lineOurs, linePeer, panOurs, panPeer;
    DriftHeatmap heatmap;
    heatmap.resize(kSize);
    QCustomPlot colorPlot;
    colorPlot.resize(kSize);
    DriftLineChart chart;
    chart.resize(kSize);
    QCustomPlot linePlot;
    linePlot.resize(kSize);
    chart.plot()->replot();
    linePlot.replot();
    for (int r = 0; r < rounds; ++r) {
        heatOurs.push_back(timeMs([&] {
            heatmap.setData(heat);
            (void)heatmap.grab();
        }));
        heatPeer.push_back(timeMs([&] {
            colorPlot.clearPlottables();
            auto *map = new QCPColorMap(colorPlot.xAxis, colorPlot.yAxis);
            map->data()->setSize(kWindows, kFeatures);
            map->data()->setRange(QCPRange(0, kWindows - 1), QCPRange(0, kFeatures - 1));
            for (int f = 0; f < kFeatures; ++f)
                for (int w = 0; w < kWindows; ++w)
                    map->data()->setCell(w, f, heat.scores[std::size_t(f) * kWindows + std::size_t(w)] / 0.2);
            map->setGradient(QCPColorGradient::gpHot);
            map->setDataRange(QCPRange(0, 2));
            colorPlot.rescaleAxes();
            colorPlot.replot();
            (void)colorPlot.grab();
        }));
        lineOurs.push_back(timeMs([&] {
            chart.setSeries(x, y);
            chart.plot()->replot();
            (void)chart.grab();
        }));
        linePeer.push_back(timeMs([&] {
            linePlot.clearGraphs();
            linePlot.addGraph()->setData(qx, qy, true);
            linePlot.rescaleAxes();
            linePlot.replot();
            (void)linePlot.grab();
        }));
        // A pan step: a tenth of the range to the right, then drawn again.
        const double shift = (x.back() - x.front()) * 0.1 * (r % 2 ? -1 : 1);
        panOurs.push_back(timeMs([&] {
            chart.plot()->xAxis->moveRange(shift);
            chart.plot()->replot();
        }));
        panPeer.push_back(timeMs([&] {
            linePlot.xAxis->moveRange(shift);
            linePlot.replot();
        }));
    }
    std::printf("drift_render: %d rounds, %dx%d px, offscreen, medians\n", rounds, kSize.width(),
                kSize.height());
    report("heatmap 100 features x 500 windows", median(heatOurs), median(heatPeer));
    report("line chart 1,000,000 points, first draw", median(lineOurs), median(linePeer));
    report("line chart 1,000,000 points, pan step", median(panOurs), median(panPeer));
    std::printf("line chart points drawn after decimation: %d of %d\n", chart.drawnPointCount(),
                kPoints);
    // For scale: QCustomPlot with its adaptive sampling off draws every point (one round).
    const double raw = timeMs([&] {
        linePlot.clearGraphs();
        QCPGraph *graph = linePlot.addGraph();
        graph->setAdaptiveSampling(false);
        graph->setData(qx, qy, true);
        linePlot.rescaleAxes();
        linePlot.replot();
        (void)linePlot.grab();
    });
    std::printf("QCustomPlot with adaptive sampling off, first draw: %.1f ms (one round)\n", raw);
    return 0;
}
