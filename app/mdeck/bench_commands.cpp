#include "app/mdeck/commands.h"

#include "app/mdeck/arguments.h"
#include "app/mdeck/job_support.h"
#include "app/mdeck/text_table.h"
#include "core/auth/auth.h"
#include "core/common/text.h"
#include "core/training/benchmark.h"
#include "core/training/loaded_model.h"

#include <cmath>
#include <cstdio>
#include <ostream>

namespace mdeck::cli {

namespace {

std::string whole(double value)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.0f", value);
    return buf;
}

std::string hardwareLine(const Json &hw)
{
    std::string line = hw.value("cpu", std::string("unknown CPU")) + ", "
        + std::to_string(hw.value("cores", 0)) + " cores, BLAS "
        + hw.value("blas", std::string("?")) + ", LibTorch "
        + hw.value("libtorch", std::string("?"));
    if (const std::string gpu = hw.value("gpu", std::string()); !gpu.empty())
        line += ", GPU " + gpu;
    return line;
}

void printResults(std::ostream &out, const std::vector<training::BatchResult> &results)
{
    TextTable t({"BATCH", "P50 µs", "P90 µs", "P99 µs", "MAX µs", "ROWS/S", "± 95% CI", "WINDOWS",
                 "STABLE"});
    for (std::size_t i = 0; i < 8; ++i)
        t.alignRight(i);
    for (const auto &r : results)
        t.addRow({std::to_string(r.batch), whole(r.p50Us), whole(r.p90Us), whole(r.p99Us),
                  whole(r.maxUs), whole(r.rowsPerSecond),
                  whole((r.rowsPerSecondCiHigh - r.rowsPerSecondCiLow) / 2),
                  std::to_string(r.windows), r.stable ? "yes" : "no"});
    t.print(out);
}

} // namespace

Result<void> benchModel(CommandContext &ctx, const BenchModelOptions &o)
{
    if (o.noStore)
        ctx.readOnly();
    auto ref = training::parseModelReference(o.reference);
    if (!ref)
        return ref.error();
    auto batches = training::parseBatchList(o.batches);
    if (!batches)
        return batches.error();
    const ml::Device device = o.device == "cuda" ? ml::Device::Cuda : ml::Device::Cpu;
    if (device == ml::Device::Cuda && !ml::cudaAvailable())
        return Error(ErrorCode::Unsupported,
                     "--device cuda: CUDA is not available on this machine (no GPU, or a "
                     "LibTorch built without CUDA)");
    auto reg = ctx.registry();
    if (!reg)
        return reg.error();
    auto actor = ctx.actor();
    if (!actor)
        return actor.error();
    if (!o.noStore) {
        // Refuse before the run, not after it.
        if (auto allowed = auth::require(*actor, auth::Permission::ManageModels); !allowed)
            return Error(allowed.error().code,
                         allowed.error().message
                             + "; storing a benchmark needs the engineer role (pass --no-store "
                               "to run it without storing)");
    }
    auto model = training::LoadedModel::load(**reg, ref->first, ref->second, device);
    if (!model)
        return model.error();

    training::BenchOptions options;
    options.batches = *batches;
    options.threads = o.threads;
    options.device = device;
    options.windowMs = o.windowMs;
    options.maxWindows = o.maxWindows;
    const registry::ModelVersion &v = model->version();
    const bool quiet = o.quiet || ctx.json();
    if (!quiet)
        ctx.err() << "benchmarking " << v.model << ':' << v.version << " on " << o.device << '\n';
    InterruptGuard interrupt;
    ProgressLine line(ctx.err(), "benchmarking", quiet);
    auto report = training::runBenchmark(
        *model, options,
        [&](double fraction, const training::BatchResult *) { line.update(fraction); },
        interrupt.token());
    line.finish();
    if (!report) {
        if (interrupt.interrupted())
            return Error(ErrorCode::Cancelled, "benchmark cancelled; nothing was stored");
        return report.error();
    }

    const Json results = training::benchResultsToJson(*report);
    std::optional<registry::BenchmarkRecord> stored;
    if (!o.noStore) {
        auto record = (*reg)->addBenchmark(*actor, v.model, v.version, report->device,
                                           report->hardware.dump(), results.dump());
        if (!record)
            return record.error();
        stored = *record;
    }

    if (ctx.json()) {
        Json j{{"model", v.model},
               {"version", v.version},
               {"device", report->device},
               {"threads", report->threads},
               {"hardware", report->hardware},
               {"results", results.value("results", Json::array())}};
        j["stored"] = stored ? Json(stored->id) : Json(nullptr);
        ctx.printJson(j);
        return success();
    }
    std::ostream &out = ctx.out();
    out << "Model: " << v.model << ':' << v.version << " on " << report->device << ", "
        << report->threads << " threads\n"
        << "Hardware: " << hardwareLine(report->hardware) << '\n';
    printResults(out, report->results);
    if (stored)
        out << "Stored as benchmark " << stored->id << " (see 'mdeck bench history " << v.model
            << "').\n";
    else
        out << "Not stored (--no-store).\n";
    return success();
}

Result<void> benchHistory(CommandContext &ctx, const BenchHistoryOptions &o)
{
    ctx.readOnly();
    auto ref = parseVersionReference(o.reference);
    if (!ref)
        return ref.error();
    auto reg = ctx.registry();
    if (!reg)
        return reg.error();
    MDECK_TRY(ctx.actor());
    int version = 0;
    if (!ref->reference.empty()) {
        auto v = (*reg)->resolve(ref->model, ref->reference);
        if (!v)
            return v.error();
        version = v->version;
    } else {
        MDECK_TRY((*reg)->getModel(ref->model));
    }
    auto records = (*reg)->listBenchmarks(ref->model, version, o.limit);
    if (!records)
        return records.error();

    Json list = Json::array();
    TextTable t({"ID", "WHEN", "VERSION", "BY", "DEVICE", "MACHINE", "ROWS/S BY BATCH"});
    t.alignRight(0);
    t.alignRight(2);
    for (const auto &b : *records) {
        auto hw = parseJson(b.hardwareJson, "benchmark " + std::to_string(b.id) + " hardware");
        auto resultsJson = parseJson(b.resultsJson,
                                     "benchmark " + std::to_string(b.id) + " results");
        if (!hw)
            return hw.error();
        if (!resultsJson)
            return resultsJson.error();
        auto results = training::benchResultsFromJson(*resultsJson);
        if (!results)
            return results.error();
        if (ctx.json()) {
            list.push_back(Json{{"id", b.id},
                                {"model", b.model},
                                {"version", b.version},
                                {"created_at", isoTime(b.createdAt)},
                                {"created_by", b.createdBy},
                                {"device", b.device},
                                {"hardware", *hw},
                                {"threads", resultsJson->value("threads", 0)},
                                {"results", resultsJson->value("results", Json::array())}});
            continue;
        }
        std::string rates;
        for (const auto &r : *results)
            rates += (rates.empty() ? "" : ", ") + std::to_string(r.batch) + ": "
                + whole(r.rowsPerSecond);
        t.addRow({std::to_string(b.id), isoTime(b.createdAt), std::to_string(b.version),
                  b.createdBy, b.device, clip(hardwareLine(*hw), 60), rates});
    }
    if (ctx.json()) {
        ctx.printJson(Json{{"benchmarks", list}});
        return success();
    }
    if (records->empty()) {
        ctx.out() << "No benchmarks stored for " << o.reference << ".\n";
        return success();
    }
    t.print(ctx.out());
    return success();
}

} // namespace mdeck::cli
