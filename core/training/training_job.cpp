#include "core/training/training_job.h"

#include "core/common/files.h"
#include "core/common/system_info.h"
#include "core/common/text.h"
#include "core/data/csv_reader.h"
#include "core/ml/metrics.h"
#include "core/ml/predictor.h"
#include "core/ml/torchscript_check.h"

#include <mdeck/version.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>
#include <set>

namespace mdeck::training {

namespace {

// Maps each row's target to a class index (classification) or a value (regression).
struct TargetEncoding
{
    std::vector<std::string> classes;
    std::vector<std::int64_t> codes; // per table row, -1 when missing
    std::vector<float> values;       // per table row, NaN when missing
};

std::string numberLabel(double v)
{
    if (v == std::floor(v) && std::abs(v) < 1e15)
        return std::to_string(static_cast<long long>(v));
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

Result<TargetEncoding> encodeTarget(const data::Column &c, ml::Task task)
{
    TargetEncoding t;
    const std::size_t rows = c.type == data::ColumnType::Categorical ? c.codes.size()
                                                                     : c.numbers.size();
    if (!ml::isClassification(task)) {
        if (c.type == data::ColumnType::Categorical)
            return Error(ErrorCode::InvalidArgument,
                         "target '" + c.name
                             + "' is categorical; regression needs a numeric target");
        t.values.resize(rows);
        for (std::size_t r = 0; r < rows; ++r)
            t.values[r] = static_cast<float>(c.numbers[r]);
        return t;
    }
    t.codes.assign(rows, -1);
    if (c.type == data::ColumnType::Categorical) {
        std::vector<std::string> sorted;
        std::vector<bool> used(c.categories.size(), false);
        for (auto code : c.codes)
            if (code >= 0)
                used[static_cast<std::size_t>(code)] = true;
        for (std::size_t i = 0; i < c.categories.size(); ++i)
            if (used[i])
                sorted.push_back(c.categories[i]);
        std::sort(sorted.begin(), sorted.end());
        std::map<std::string, std::int64_t> index;
        for (std::size_t i = 0; i < sorted.size(); ++i)
            index[sorted[i]] = static_cast<std::int64_t>(i);
        for (std::size_t r = 0; r < rows; ++r)
            if (c.codes[r] >= 0)
                t.codes[r] = index[c.categories[static_cast<std::size_t>(c.codes[r])]];
        t.classes = std::move(sorted);
    } else {
        std::set<double> distinct;
        for (double v : c.numbers)
            if (!std::isnan(v))
                distinct.insert(v);
        if (distinct.size() > 1000)
            return Error(ErrorCode::InvalidArgument,
                         "target '" + c.name + "' has " + std::to_string(distinct.size())
                             + " distinct values: too many classes (use --task regression?)");
        std::map<double, std::int64_t> index;
        for (double v : distinct) {
            index[v] = static_cast<std::int64_t>(t.classes.size());
            t.classes.push_back(c.type == data::ColumnType::Boolean ? (v != 0 ? "true" : "false")
                                                                    : numberLabel(v));
        }
        for (std::size_t r = 0; r < rows; ++r)
            if (!std::isnan(c.numbers[r]))
                t.codes[r] = index[c.numbers[r]];
    }
    return t;
}

Result<ml::TrainingSet> makeSet(const data::Preprocessor &pre, const data::Table &table,
                                const std::vector<std::size_t> &rows, const TargetEncoding &target,
                                bool classifier, int classes)
{
    ml::TrainingSet s;
    s.rows = rows.size();
    s.cols = pre.width();
    s.numClasses = classes;
    MDECK_TRY(pre.transform(table, rows, s.x));
    for (std::size_t r : rows) {
        if (classifier)
            s.classes.push_back(target.codes[r]);
        else
            s.targets.push_back(target.values[r]);
    }
    return s;
}

Result<std::map<std::string, double>> evaluate(const ml::NativeModel &model,
                                               const ml::TrainingSet &set, bool classifier,
                                               Json *confusion)
{
    auto predictor = ml::makeNativePredictor(model);
    const std::size_t out = predictor->outputWidth();
    std::vector<float> y(set.rows * out);
    MDECK_TRY(predictor->predict(set.x.data(), set.rows, y.data()));
    if (classifier) {
        std::vector<double> probs(y.begin(), y.end());
        auto m = ml::classificationMetrics(set.classes, probs, static_cast<int>(out));
        if (!m)
            return m.error();
        if (confusion)
            *confusion = m->confusion;
        return ml::toMetricMap(*m);
    }
    std::vector<double> truth(set.targets.begin(), set.targets.end()), pred(y.begin(), y.end());
    auto m = ml::regressionMetrics(truth, pred);
    if (!m)
        return m.error();
    return ml::toMetricMap(*m);
}

Json specToJson(const ml::TrainSpec &s)
{
    return Json{{"task", ml::taskName(s.task)},
                {"model", ml::modelKindName(s.model)},
                {"hidden", s.model == ml::ModelKind::Mlp ? s.hidden : std::vector<int>{}},
                {"activation", ml::activationName(s.activation)},
                {"dropout", s.dropout},
                {"optimizer", ml::optimizerName(s.optimizer)},
                {"learning_rate", s.learningRate},
                {"momentum", s.momentum},
                {"weight_decay", s.weightDecay},
                {"batch_size", s.batchSize},
                {"epochs", s.epochs},
                {"patience", s.patience},
                {"seed", s.seed},
                {"threads", s.threads}};
}

std::string paramText(const Json &v)
{
    if (v.is_string())
        return v.get<std::string>();
    return v.dump();
}

} // namespace

Result<ml::Task> inferTask(const data::Column &c)
{
    if (c.type == data::ColumnType::Categorical || c.type == data::ColumnType::Boolean) {
        std::set<std::int64_t> classes;
        std::size_t distinct = 0;
        if (c.type == data::ColumnType::Categorical) {
            for (auto code : c.codes)
                if (code >= 0)
                    classes.insert(code);
            distinct = classes.size();
        } else {
            std::set<double> v;
            for (double x : c.numbers)
                if (!std::isnan(x))
                    v.insert(x);
            distinct = v.size();
        }
        return distinct <= 2 ? ml::Task::BinaryClassification : ml::Task::MulticlassClassification;
    }
    if (c.type == data::ColumnType::Datetime)
        return Error(ErrorCode::InvalidArgument,
                     "target '" + c.name + "' is a date; it cannot be predicted");
    std::set<double> distinct;
    bool integers = true;
    for (double v : c.numbers) {
        if (std::isnan(v))
            continue;
        integers = integers && v == std::floor(v);
        distinct.insert(v);
        if (distinct.size() > 10)
            break;
    }
    if (integers && distinct.size() <= 10)
        return distinct.size() <= 2 ? ml::Task::BinaryClassification
                                    : ml::Task::MulticlassClassification;
    return ml::Task::Regression;
}

Result<TrainOutcome> runTraining(const TrainRequest &req, const std::string &workDir,
                                 const TrainProgressFn &progress, std::stop_token stop)
{
    auto report = [&](const char *stage, double fraction,
                      std::optional<ml::EpochReport> epoch = std::nullopt) {
        if (progress)
            progress({stage, fraction, std::move(epoch)});
    };
    report("reading", 0.0);
    data::CsvOptions opts;
    opts.typeOverrides = req.typeOverrides;
    auto table = data::readCsv(req.dataPath, opts, {}, stop);
    if (!table)
        return table.error();
    if (stop.stop_requested())
        return Error(ErrorCode::Cancelled, "training cancelled");
    if (table->rows == 0)
        return Error(ErrorCode::InvalidArgument,
                     req.dataPath + " has a header but no rows to train on");
    const data::Column *targetCol = table->column(req.target);
    if (!targetCol)
        return Error(ErrorCode::InvalidArgument,
                     req.dataPath + " has no column '" + req.target + "' to use as the target");
    if (targetCol->missing == table->rows)
        return Error(ErrorCode::InvalidArgument,
                     "target '" + req.target + "' is missing in every row of " + req.dataPath);

    ml::Task task;
    if (req.task) {
        task = *req.task;
    } else {
        auto inferred = inferTask(*targetCol);
        if (!inferred)
            return inferred.error();
        task = *inferred;
    }
    const bool classifier = ml::isClassification(task);
    auto target = encodeTarget(*targetCol, task);
    if (!target)
        return target.error();
    if (classifier && target->classes.size() < 2)
        return Error(ErrorCode::InvalidArgument,
                     "target '" + req.target + "' has only one class ('"
                         + (target->classes.empty() ? "" : target->classes[0])
                         + "'); a classifier needs at least two");
    if (task == ml::Task::BinaryClassification && target->classes.size() != 2)
        return Error(ErrorCode::InvalidArgument,
                     "target '" + req.target + "' has " + std::to_string(target->classes.size())
                         + " classes; use the multiclass task");

    // Features: as asked, or every column that has no other role.
    std::vector<std::string> features = req.features;
    std::set<std::string> excluded(req.ignore.begin(), req.ignore.end());
    excluded.insert(req.target);
    if (!req.timeColumn.empty())
        excluded.insert(req.timeColumn);
    if (!req.sensitiveColumn.empty())
        excluded.insert(req.sensitiveColumn);
    for (const auto &name : std::vector<std::string>{req.timeColumn, req.sensitiveColumn})
        if (!name.empty() && !table->column(name))
            return Error(ErrorCode::InvalidArgument, req.dataPath + " has no column '" + name + "'");
    if (features.empty()) {
        for (const auto &c : table->columns)
            if (!excluded.count(c.name) && c.type != data::ColumnType::Datetime)
                features.push_back(c.name);
    } else {
        for (const auto &f : features) {
            if (!table->column(f))
                return Error(ErrorCode::InvalidArgument,
                             req.dataPath + " has no feature column '" + f + "'");
            if (f == req.target)
                return Error(ErrorCode::InvalidArgument,
                             "the target '" + f + "' cannot also be a feature");
        }
    }
    if (features.empty())
        return Error(ErrorCode::InvalidArgument, "no feature columns are left to train on");

    report("preparing", 0.05);
    data::Split split;
    if (!req.timeColumn.empty()) {
        auto s = data::timeSplit(*table, req.timeColumn, req.fractions);
        if (!s)
            return s.error();
        split = std::move(*s);
    } else {
        auto s = data::randomSplit(*table, req.target, req.fractions, req.spec.seed, classifier);
        if (!s)
            return s.error();
        split = std::move(*s);
    }
    // Rows whose target is missing take no part.
    for (auto *part : {&split.train, &split.validation, &split.test})
        part->erase(std::remove_if(part->begin(), part->end(),
                                   [&](std::size_t r) { return targetCol->isMissing(r); }),
                    part->end());
    const std::size_t dropped = table->rows - split.train.size() - split.validation.size()
        - split.test.size();
    if (split.train.empty() || split.validation.empty() || split.test.empty())
        return Error(ErrorCode::InvalidArgument,
                     "too few rows with a target to split into training, validation and test sets ("
                         + std::to_string(split.train.size()) + "/"
                         + std::to_string(split.validation.size()) + "/"
                         + std::to_string(split.test.size()) + ")");
    if (classifier) {
        std::set<std::int64_t> seen;
        for (std::size_t r : split.train)
            seen.insert(target->codes[r]);
        if (seen.size() < 2)
            return Error(ErrorCode::InvalidArgument,
                         "the training rows hold only one class of '" + req.target + "'");
    }

    auto pre = data::Preprocessor::fit(*table, features, split.train);
    if (!pre)
        return pre.error();
    const int classes = static_cast<int>(target->classes.size());
    auto trainSet = makeSet(*pre, *table, split.train, *target, classifier, classes);
    auto valSet = makeSet(*pre, *table, split.validation, *target, classifier, classes);
    auto testSet = makeSet(*pre, *table, split.test, *target, classifier, classes);
    for (const auto *set : {&trainSet, &valSet, &testSet})
        if (!*set)
            return set->error();

    ml::TrainSpec spec = req.spec;
    spec.task = task;
    report("training", 0.1);
    auto trained = ml::train(
        spec, *trainSet, *valSet,
        [&](const ml::EpochReport &e) {
            report("training", 0.1 + 0.8 * e.epoch / std::max(1, e.epochs), e);
        },
        stop);
    if (!trained)
        return trained.error();

    report("evaluating", 0.92);
    TrainOutcome out;
    Json confusion = Json::array();
    auto testMetrics = evaluate(trained->model, *testSet, classifier, &confusion);
    if (!testMetrics)
        return testMetrics.error();
    auto valMetrics = evaluate(trained->model, *valSet, classifier, nullptr);
    if (!valMetrics)
        return valMetrics.error();
    out.testMetrics = *testMetrics;
    out.validationMetrics = *valMetrics;
    out.history = trained->history;
    out.trainRows = split.train.size();
    out.validationRows = split.validation.size();
    out.testRows = split.test.size();
    out.droppedRows = dropped;
    out.datasetSha256 = table->sha256;
    {
        std::random_device rd;
        char id[32];
        std::snprintf(id, sizeof id, "train-%08x", rd());
        out.runId = id;
    }

    report("packaging", 0.95);
    ModelPackage &p = out.package;
    p.task = task;
    p.target = req.target;
    p.features = features;
    p.classes = target->classes;
    p.sensitiveColumn = req.sensitiveColumn;
    p.preprocessor = std::move(*pre);
    p.network = trained->model;
    p.signature = packageSignature(p.preprocessor.features(), task, p.classes);
    p.spec = specToJson(spec);
    p.metrics = Json{{"test", out.testMetrics}, {"validation", out.validationMetrics}};
    Json history = Json::array();
    for (const auto &e : trained->history)
        history.push_back({{"epoch", e.epoch},
                           {"train_loss", e.trainLoss},
                           {"validation_loss", e.validationLoss},
                           {e.metricName, e.validationMetric},
                           {"elapsed_s", e.elapsedSeconds}});
    p.history = history;
    p.confusion = confusion;
    p.reference = data::profileTable(*table, split.train, spec.seed);
    p.lineage
        = Json{{"dataset_file", std::filesystem::path(req.dataPath).filename().string()},
               {"dataset_sha256", table->sha256},
               {"dataset_rows", table->rows},
               {"split",
                {{"kind", req.timeColumn.empty() ? (classifier ? "stratified" : "random") : "time"},
                 {"time_column", req.timeColumn},
                 {"fractions", {req.fractions.train, req.fractions.validation, req.fractions.test}},
                 {"seed", spec.seed},
                 {"rows", {out.trainRows, out.validationRows, out.testRows}},
                 {"dropped_missing_target", dropped}}},
               {"best_epoch", trained->bestEpoch},
               {"stopped_early", trained->stoppedEarly},
               {"run_id", out.runId},
               {"modeldeck_version", MDECK_VERSION},
               {"libtorch_version", ml::torchVersion()},
               {"blas", detectBlas().name}};
    MDECK_TRY(makeDirs(workDir));
    out.packagePath = workDir + "/" + out.runId + ".mdmodel";
    MDECK_TRY(writePackage(p, out.packagePath));
    report("packaging", 1.0);
    return out;
}

Result<registry::ModelVersion> registerOutcome(registry::ModelRegistry &registry,
                                               const auth::Actor &actor, const std::string &model,
                                               TrainOutcome &outcome,
                                               const std::string &description)
{
    registry::NewVersion v;
    v.model = model;
    v.description = description;
    v.format = "modeldeck";
    v.artifactPath = outcome.packagePath;
    v.artifactName = model + ".mdmodel";
    v.signature = outcome.package.signature;
    v.metrics = outcome.testMetrics;
    for (const auto &[k, val] : outcome.validationMetrics)
        v.metrics["val_" + k] = val;
    for (const auto &[k, val] : outcome.package.spec.items())
        v.params[k] = paramText(val);
    v.params["features"] = Json(outcome.package.features).dump();
    v.params["target"] = outcome.package.target;
    v.tags["task"] = ml::taskName(outcome.package.task);
    v.tags["dataset"] = outcome.package.lineage.value("dataset_file", "");
    v.lineage.datasetHash = outcome.datasetSha256;
    v.lineage.trainingRun = outcome.runId;
    auto latest = registry.resolve(model, "latest");
    if (latest)
        v.lineage.parentVersion = latest->version;
    auto r = registry.registerVersion(actor, v);
    if (r) {
        std::error_code ec;
        std::filesystem::remove(outcome.packagePath, ec);
    }
    return r;
}

registry::ArtifactValidator artifactValidator()
{
    return [](const std::string &path, const std::string &format,
              const Signature &signature) -> Result<void> {
        if (format == "torchscript")
            return ml::checkTorchScript(path, signature);
        if (format != "modeldeck")
            return success();
        auto p = readPackage(path);
        if (!p)
            return p.error();
        if (!(p->signature == signature))
            return Error(
                ErrorCode::InvalidArgument,
                path + ": the signature given does not match the one inside the model package");
        std::vector<float> x(p->preprocessor.width(), 0.0f),
            y(static_cast<std::size_t>(p->network.outputWidth()));
        std::vector<float> scratch(p->network.scratchSize());
        p->network.forwardRow(x.data(), y.data(), scratch.data());
        for (float v : y)
            if (!std::isfinite(v))
                return Error(ErrorCode::InvalidArgument,
                             path + ": the network produces non-finite outputs");
        return success();
    };
}

} // namespace mdeck::training
