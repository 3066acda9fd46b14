#pragma once

// Min/max decimation of a long series for drawing (PlotJuggler's approach):
// the visible x range is cut into one bucket per pixel column, and each
// bucket keeps its first, lowest, highest and last point in x order, so
// spikes survive and the line looks the same as with every point. Plain
// functions, any thread.

#include <QVector>

#include <span>

namespace mdeck::widgets {

struct DecimatedSeries
{
    QVector<double> x;
    QVector<double> y;
};

// `x` sorted ascending, `y` of the same length; non-finite y are skipped.
// Keeps the points inside [lower, upper] plus one neighbour on each side, so
// lines run on to the edges. With `columns` <= 0 or few points, keeps them all.
DecimatedSeries decimateMinMax(std::span<const double> x, std::span<const double> y, double lower,
                               double upper, int columns);

} // namespace mdeck::widgets
