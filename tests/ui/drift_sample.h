#pragma once

// Synthetic drift data for the panel's tests: a churn-like model with numeric and categorical features,
// hourly windows in which two features drift from 60 % of the way on, real
// PSI, Jensen–Shannon and KS scores computed from the histograms, a missing
// value spike, realized accuracy for windows whose labels have arrived next
// to an estimate for all, and selection rates per sex with a small group.
// Deterministic for a seed; any thread.

#include "ui/drift/drift_view_model.h"

namespace mdeck::ui::drift {

struct SampleOptions
{
    int features = 10;              // at least 3; the first ones have names, the rest are numbered
    int windows = 168;              // hourly: a week
    qint64 startMs = 1795132800000; // 2026-11-20 00:00 UTC
    qint64 windowMs = 3600000;
    unsigned seed = 7;
    int driftFrom = -1; // window where the drift starts; -1 = 60 % of `windows`
};

// Windows [first, first + count) of the sample; first > 0 gives the windows a live feed appends.
DriftViewModel makeSampleDrift(const SampleOptions &options, int first = 0, int count = -1);

} // namespace mdeck::ui::drift
