#include "core/pipeline/evaluation.h"

#include "core/data/csv_reader.h"
#include "core/ml/metrics.h"
#include "core/ml/predictor.h"
#include "core/training/loaded_model.h"

#include <algorithm>

namespace mdeck::pipeline {

Result<Evaluation> evaluatePackage(const training::ModelPackage &package,
                                   const std::string &csvPath, std::stop_token stop)
{
    auto reader = data::CsvStreamReader::open(csvPath);
    if (!reader)
        return reader.error();
    const auto &header = reader->header();
    auto indexOf = [&](const std::string &name) {
        const auto it = std::find(header.begin(), header.end(), name);
        return it == header.end() ? -1 : static_cast<int>(it - header.begin());
    };
    std::vector<int> featureIndex;
    for (const auto &f : package.features) {
        featureIndex.push_back(indexOf(f));
        if (featureIndex.back() < 0)
            return Error(ErrorCode::InvalidArgument,
                         csvPath + " has no column '" + f + "', a feature of the model");
    }
    const int targetIndex = indexOf(package.target);
    if (targetIndex < 0)
        return Error(ErrorCode::InvalidArgument,
                     csvPath + " has no column '" + package.target + "', the model's target");
    const bool classifier = ml::isClassification(package.task);
    auto predictor = ml::makeNativePredictor(package.network);
    const std::size_t width = predictor->inputWidth();
    const std::size_t outWidth = predictor->outputWidth();

    Evaluation ev;
    std::vector<std::int64_t> yClass;
    std::vector<double> yValue, probabilities, predictions;
    std::vector<float> batch, out;
    std::size_t batchRows = 0;
    auto flush = [&]() -> Result<void> {
        if (batchRows == 0)
            return success();
        out.resize(batchRows * outWidth);
        MDECK_TRY(predictor->predict(batch.data(), batchRows, out.data()));
        for (std::size_t r = 0; r < batchRows; ++r)
            for (std::size_t c = 0; c < outWidth; ++c) {
                if (classifier)
                    probabilities.push_back(out[r * outWidth + c]);
                else if (c == 0)
                    predictions.push_back(out[r * outWidth]);
            }
        batchRows = 0;
        batch.clear();
        return success();
    };
    std::vector<std::string_view> fields, features(package.features.size());
    std::vector<float> row(width);
    while (true) {
        auto more = reader->next(fields);
        if (!more)
            return more.error();
        if (!*more)
            break;
        if (stop.stop_requested())
            return Error(ErrorCode::Cancelled, "evaluation on " + csvPath + " was cancelled");
        ++ev.rows;
        for (std::size_t i = 0; i < featureIndex.size(); ++i)
            features[i] = fields[static_cast<std::size_t>(featureIndex[i])];
        const std::string_view label = fields[static_cast<std::size_t>(targetIndex)];
        if (data::isMissingToken(label)
            || !package.preprocessor.transformText(features, row.data())) {
            ++ev.skipped;
            continue;
        }
        if (classifier) {
            auto it = std::find(package.classes.begin(), package.classes.end(), label);
            if (it == package.classes.end()) {
                ++ev.skipped;
                continue;
            }
            yClass.push_back(it - package.classes.begin());
        } else {
            auto v = data::parseNumber(label);
            if (!v) {
                ++ev.skipped;
                continue;
            }
            yValue.push_back(*v);
        }
        batch.insert(batch.end(), row.begin(), row.end());
        if (++batchRows == 1024)
            MDECK_TRY(flush());
    }
    MDECK_TRY(flush());
    if (ev.rows == ev.skipped)
        return Error(ErrorCode::InvalidArgument,
                     csvPath + ": none of its " + std::to_string(ev.rows)
                         + " rows could be scored by the model");
    if (classifier) {
        auto m = ml::classificationMetrics(yClass, probabilities,
                                           static_cast<int>(package.classes.size()));
        if (!m)
            return m.error();
        ev.metrics = ml::toMetricMap(*m);
    } else {
        auto m = ml::regressionMetrics(yValue, predictions);
        if (!m)
            return m.error();
        ev.metrics = ml::toMetricMap(*m);
    }
    return ev;
}

Result<std::pair<registry::ModelVersion, training::ModelPackage>> loadRegisteredPackage(
    registry::ModelRegistry &registry, const std::string &reference)
{
    auto ref = training::parseModelReference(reference);
    if (!ref)
        return ref.error();
    auto version = registry.resolve(ref->first, ref->second);
    if (!version)
        return version.error();
    if (version->format != "modeldeck")
        return Error(ErrorCode::Unsupported,
                     "version " + version->model + ":" + std::to_string(version->version) + " is a "
                         + version->format
                         + " artifact; pipelines score models trained by ModelDeck");
    auto path = registry.artifactPath(*version);
    if (!path)
        return path.error();
    auto package = training::readPackage(*path);
    if (!package)
        return package.error();
    return std::make_pair(std::move(*version), std::move(*package));
}

bool higherIsBetter(const std::string &metric)
{
    for (const char *lower : {"log_loss", "rmse", "mae", "loss", "mse"})
        if (metric == lower || metric.ends_with(std::string("_") + lower))
            return false;
    return true;
}

} // namespace mdeck::pipeline
