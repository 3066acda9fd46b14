#include "core/monitor/demo_log.h"

#include "core/auth/audit_log.h"
#include "core/auth/auth.h"
#include "core/data/csv_reader.h"
#include "core/store/prediction_store.h"
#include "core/store/workspace.h"
#include "core/training/loaded_model.h"

#include <cmath>
#include <random>

namespace mdeck::monitor {

Result<std::uint64_t> writeDemoPredictionLog(store::Workspace &workspace,
                                             registry::ModelRegistry &registry,
                                             const auth::Actor &actor, const std::string &model,
                                             const std::string &versionReference,
                                             const std::string &weatherCsv, const DemoLogOptions &o)
{
    MDECK_TRY(auth::require(actor, auth::Permission::ManageModels));
    if (o.rowsPerDay < 1 || o.rowsPerDay > 1000 || !(o.fromFraction >= 0 && o.fromFraction < 1))
        return Error(ErrorCode::InvalidArgument, "demo log: rowsPerDay 1..1000, fromFraction [0,1)");
    auto loaded = training::LoadedModel::load(registry, model, versionReference);
    if (!loaded)
        return loaded.error();
    auto table = data::readCsv(weatherCsv);
    if (!table)
        return table.error();
    const data::Column *date = table->column("date");
    const data::Column *weather = table->column("weather");
    if (!date || !weather)
        return Error(ErrorCode::InvalidArgument,
                     weatherCsv + ": expected the 'date' and 'weather' columns");
    const auto &features = loaded->features();
    std::vector<const data::Column *> cols;
    for (const auto &f : features) {
        const data::Column *c = table->column(f);
        if (!c || c->type == data::ColumnType::Categorical)
            return Error(ErrorCode::InvalidArgument,
                         weatherCsv + ": the demo needs numeric column '" + f + "'");
        cols.push_back(c);
    }
    const auto first = static_cast<std::size_t>(o.fromFraction * static_cast<double>(table->rows));
    std::mt19937_64 rng(o.seed);
    std::normal_distribution<double> jitter(0.0, 1.0);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const std::size_t width = loaded->inputWidth(), outW = loaded->outputWidth();
    const auto &classes = loaded->classes();
    const std::int64_t versionId = loaded->version().id;

    auto tx = workspace.db().begin();
    if (!tx)
        return tx.error();
    store::PredictionBlockWriter log(workspace.db());
    auto fb = workspace.db().prepare("INSERT OR REPLACE INTO feedback (request_id, row, label, "
                                     "time, source) VALUES (?1, 0, ?2, ?3, 'demo')");
    if (!fb)
        return fb.error();
    std::uint64_t written = 0;
    std::vector<float> x(width), y(outW);
    for (std::size_t r = first; r < table->rows; ++r) {
        const double day = date->numbers[r]; // seconds since the epoch
        if (std::isnan(day))
            continue;
        for (int k = 0; k < o.rowsPerDay; ++k) {
            std::vector<std::string> text;
            Json inputs = Json::array();
            for (std::size_t f = 0; f < cols.size(); ++f) {
                double v = cols[f]->numbers[r];
                if (!std::isnan(v)) {
                    // A little spread within the day; precipitation and wind stay >= 0.
                    v += 0.05 * std::max(1.0, std::abs(v)) * jitter(rng);
                    if (cols[f]->numbers[r] >= 0 && v < 0)
                        v = 0;
                    v = std::round(v * 10) / 10;
                }
                inputs.push_back(std::isnan(v) ? Json(nullptr) : Json(v));
                text.push_back(std::isnan(v) ? std::string() : Json(v).dump());
            }
            std::vector<std::string_view> views(text.begin(), text.end());
            if (!loaded->encode(views, x.data()))
                continue;
            MDECK_TRY(loaded->predictor().predict(x.data(), 1, y.data()));
            Json outputs = Json::array();
            std::size_t best = 0;
            for (std::size_t c = 1; c < outW; ++c)
                if (y[c] > y[best])
                    best = c;
            if (!classes.empty())
                outputs.push_back(classes[best]);
            for (std::size_t c = 0; c < outW; ++c)
                outputs.push_back(std::round(static_cast<double>(y[c]) * 1e4) / 1e4);
            const auto time = static_cast<std::int64_t>(day * 1000)
                + static_cast<std::int64_t>(k) * 86'400'000 / o.rowsPerDay
                + static_cast<std::int64_t>(unit(rng) * 60'000);
            const std::string id = "demo-" + std::to_string(r) + "-" + std::to_string(k);
            const std::string inputText = inputs.dump(), outputText = outputs.dump();
            store::PredictionEntry e;
            e.timeMs = time;
            e.deployment = o.deployment;
            e.versionId = versionId;
            e.role = "stable";
            e.requestId = id;
            e.inputs = inputText;
            e.outputs = outputText;
            e.latencyUs = static_cast<std::int64_t>(200 + unit(rng) * 300);
            MDECK_TRY(log.add(e));
            if (weather->codes[r] >= 0 && unit(rng) < o.labelledShare) {
                fb->reset();
                fb->bind(1, id)
                    .bind(2, weather->categories[static_cast<std::size_t>(weather->codes[r])])
                    .bind(3, time + 86'400'000);
                MDECK_TRY(fb->run());
            }
            ++written;
        }
    }
    MDECK_TRY(log.flush());
    auto logged = auth::AuditLog::append(workspace.db(), actor, "drift.demo-log", o.deployment,
                                         Json{{"predictions", written},
                                              {"model", model},
                                              {"version", loaded->version().version}});
    if (!logged)
        return logged.error();
    MDECK_TRY(tx->commit());
    return written;
}

} // namespace mdeck::monitor
