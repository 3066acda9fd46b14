#include "app/mdeck/commands.h"

#include "app/mdeck/arguments.h"
#include "app/mdeck/job_support.h"
#include "app/mdeck/text_table.h"
#include "core/auth/auth.h"
#include "core/training/training_job.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <ostream>

namespace mdeck::cli {

namespace {

std::vector<std::string> splitCommas(const std::string &text)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto comma = text.find(',', start);
        parts.push_back(text.substr(start, comma - start));
        if (comma == std::string::npos)
            return parts;
        start = comma + 1;
    }
}

std::string fixed(double value, int digits = 4)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, value);
    return buf;
}

// Removes the package runTraining wrote unless registerOutcome() took it, and
// the private temporary folder when there is one.
struct WorkCleanup
{
    std::string package;
    std::string folder;
    ~WorkCleanup()
    {
        std::error_code ec;
        if (!package.empty())
            std::filesystem::remove(package, ec);
        if (!folder.empty())
            std::filesystem::remove_all(folder, ec);
    }
};

Result<std::string> makeTempFolder()
{
    std::error_code ec;
    const auto base = std::filesystem::temp_directory_path(ec);
    if (ec)
        return Error(ErrorCode::Io, "no temporary folder: " + ec.message());
    std::string pattern = (base / "mdeck-train-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
        return Error(ErrorCode::Io, "cannot create a temporary folder in " + base.string());
    return pattern;
}

Result<training::TrainRequest> buildRequest(const TrainOptions &o)
{
    training::TrainRequest req;
    req.dataPath = o.data;
    req.target = o.target;
    if (!o.features.empty()) {
        auto f = parseNameList(o.features, "--features");
        if (!f)
            return f.error();
        req.features = *f;
    }
    if (!o.ignore.empty()) {
        auto f = parseNameList(o.ignore, "--ignore");
        if (!f)
            return f.error();
        req.ignore = *f;
    }
    req.timeColumn = o.timeColumn;
    req.sensitiveColumn = o.sensitiveColumn;
    if (o.task != "auto") {
        auto task = ml::parseTask(o.task);
        if (!task)
            return task.error();
        req.task = *task;
    }
    auto types = parseKeyValues(o.types, "--type");
    if (!types)
        return types.error();
    for (const auto &[column, name] : *types) {
        auto type = data::parseColumnType(name);
        if (!type)
            return Error(ErrorCode::InvalidArgument,
                         "--type " + column + ": " + type.error().message);
        req.typeOverrides[column] = *type;
    }
    if (!o.split.empty()) {
        auto split = parseSplit(o.split);
        if (!split)
            return split.error();
        req.fractions = *split;
    }

    ml::TrainSpec &s = req.spec;
    auto kind = ml::parseModelKind(o.model);
    if (!kind)
        return kind.error();
    s.model = *kind;
    auto hidden = parseHiddenLayers(o.hidden);
    if (!hidden)
        return hidden.error();
    s.hidden = *hidden;
    auto activation = ml::parseActivation(o.activation);
    if (!activation)
        return activation.error();
    s.activation = *activation;
    auto optimizer = ml::parseOptimizer(o.optimizer);
    if (!optimizer)
        return optimizer.error();
    s.optimizer = *optimizer;
    s.dropout = o.dropout.value_or(s.dropout);
    s.learningRate = o.learningRate.value_or(s.learningRate);
    s.weightDecay = o.weightDecay.value_or(s.weightDecay);
    s.batchSize = o.batchSize.value_or(s.batchSize);
    s.epochs = o.epochs.value_or(s.epochs);
    s.patience = o.patience.value_or(s.patience);
    s.seed = o.seed.value_or(s.seed);
    s.threads = o.threads.value_or(s.threads);
    MDECK_TRY(ml::validateSpec(s));
    return req;
}

void printEpoch(std::ostream &err, const ml::EpochReport &e)
{
    err << "epoch " << e.epoch << '/' << e.epochs << "  train loss " << fixed(e.trainLoss)
        << "  val loss " << fixed(e.validationLoss) << "  " << e.metricName << ' '
        << fixed(e.validationMetric) << "  ETA " << durationText(e.etaSeconds)
        << (e.improved ? "  *" : "") << '\n'
        << std::flush;
}

Json metricsJson(const std::map<std::string, double> &metrics)
{
    Json j = Json::object();
    for (const auto &[k, v] : metrics)
        j[k] = std::isfinite(v) ? Json(v) : Json(nullptr);
    return j;
}

void printMetrics(std::ostream &out, const char *title, const std::map<std::string, double> &m)
{
    out << title << ':' << (m.empty() ? " -" : "") << '\n';
    FieldList f;
    for (const auto &[k, v] : m)
        f.add(k, numberText(v));
    f.print(out, 2);
}

void printConfusion(std::ostream &out, const training::ModelPackage &p)
{
    if (!ml::isClassification(p.task) || !p.confusion.is_array() || p.confusion.empty())
        return;
    out << "Confusion matrix (test rows; rows: true class, columns: predicted):\n";
    std::vector<std::string> headers{"TRUE \\ PREDICTED"};
    for (const auto &c : p.classes)
        headers.push_back(c);
    TextTable t(headers);
    for (std::size_t i = 1; i < headers.size(); ++i)
        t.alignRight(i);
    for (std::size_t r = 0; r < p.confusion.size(); ++r) {
        std::vector<std::string> cells{r < p.classes.size() ? p.classes[r] : std::to_string(r)};
        for (const auto &n : p.confusion[r])
            cells.push_back(std::to_string(n.get<std::int64_t>()));
        t.addRow(cells);
    }
    t.print(out, 2);
}

} // namespace

Result<std::vector<int>> parseHiddenLayers(const std::string &text)
{
    std::vector<int> sizes;
    if (text.empty())
        return sizes; // no hidden layer
    for (const auto &part : splitCommas(text)) {
        char *end = nullptr;
        const long n = part.empty() ? 0 : std::strtol(part.c_str(), &end, 10);
        if (part.empty() || end != part.c_str() + part.size() || n < 1 || n > 65536)
            return Error(ErrorCode::InvalidArgument,
                         "--hidden '" + text
                             + "' must be layer widths between 1 and 65536, e.g. 64,64");
        sizes.push_back(static_cast<int>(n));
    }
    return sizes;
}

Result<std::vector<std::string>> parseNameList(const std::string &text, const std::string &what)
{
    std::vector<std::string> names = splitCommas(text);
    for (const auto &n : names)
        if (n.empty())
            return Error(ErrorCode::InvalidArgument,
                         what + " '" + text + "' has an empty column name");
    return names;
}

Result<data::SplitFractions> parseSplit(const std::string &text)
{
    const auto parts = splitCommas(text);
    const Error bad(ErrorCode::InvalidArgument,
                    "--split '" + text
                        + "' must be three fractions train,validation,test that add up to 1, "
                          "e.g. 0.7,0.15,0.15");
    if (parts.size() != 3)
        return bad;
    double v[3];
    for (int i = 0; i < 3; ++i) {
        auto n = parseFiniteNumber(parts[i], "--split");
        if (!n || *n < 0 || *n >= 1)
            return bad;
        v[i] = *n;
    }
    if (std::abs(v[0] + v[1] + v[2] - 1) > 1e-6 || v[0] <= 0 || v[2] <= 0)
        return bad;
    return data::SplitFractions{v[0], v[1], v[2]};
}

Result<void> trainModel(CommandContext &ctx, const TrainOptions &o)
{
    auto request = buildRequest(o);
    if (!request)
        return request.error();

    WorkCleanup cleanup;
    std::string workDir;
    registry::ModelRegistry *reg = nullptr;
    std::optional<auth::Actor> actor;
    if (!o.registerAs.empty()) {
        // Refuse before a long run, not after it.
        auto r = ctx.registry();
        if (!r)
            return r.error();
        reg = *r;
        auto a = ctx.actor();
        if (!a)
            return a.error();
        MDECK_TRY(auth::require(*a, auth::Permission::ManageModels));
        actor = *a;
        // Same file system as the artifact store, so registering moves no bytes twice.
        workDir = reg->workspace().artifactsDir() + "/tmp";
    } else {
        auto tmp = makeTempFolder();
        if (!tmp)
            return tmp.error();
        workDir = cleanup.folder = *tmp;
    }

    InterruptGuard interrupt;
    std::string stage;
    auto progress = [&](const training::TrainProgress &p) {
        if (o.quiet)
            return;
        if (p.epoch) {
            printEpoch(ctx.err(), *p.epoch);
        } else if (p.stage != stage) {
            stage = p.stage;
            ctx.err() << stage << "…\n" << std::flush;
        }
    };
    auto outcome = training::runTraining(*request, workDir, progress, interrupt.token());
    if (!outcome) {
        if (interrupt.interrupted() || outcome.error().code == ErrorCode::Cancelled)
            return Error(ErrorCode::Cancelled, "training cancelled; nothing was registered");
        return outcome.error();
    }
    cleanup.package = outcome->packagePath;
    if (interrupt.interrupted())
        return Error(ErrorCode::Cancelled, "training cancelled; nothing was registered");

    std::optional<registry::ModelVersion> version;
    if (reg) {
        auto v = training::registerOutcome(*reg, *actor, o.registerAs, *outcome, o.description);
        if (!v)
            return v.error();
        version = *v;
    }

    const training::ModelPackage &p = outcome->package;
    if (ctx.json()) {
        Json j{{"task", ml::taskName(p.task)},
               {"target", p.target},
               {"features", p.features},
               {"classes", p.classes},
               {"rows",
                {{"train", outcome->trainRows},
                 {"validation", outcome->validationRows},
                 {"test", outcome->testRows},
                 {"dropped", outcome->droppedRows}}},
               {"epochs", outcome->history.size()},
               {"test_metrics", metricsJson(outcome->testMetrics)},
               {"validation_metrics", metricsJson(outcome->validationMetrics)},
               {"confusion", p.confusion.is_null() ? Json::array() : p.confusion},
               {"dataset_sha256", outcome->datasetSha256},
               {"run_id", outcome->runId}};
        j["registered"] = version ? Json{{"model", version->model},
                                         {"version", version->version},
                                         {"format", version->format}}
                                  : Json(nullptr);
        ctx.printJson(j);
        return success();
    }
    std::ostream &out = ctx.out();
    FieldList f;
    f.add("Task", ml::taskName(p.task));
    f.add("Target", p.target);
    f.add("Features", std::to_string(p.features.size()));
    f.add("Rows",
          "train " + std::to_string(outcome->trainRows) + ", validation "
              + std::to_string(outcome->validationRows) + ", test "
              + std::to_string(outcome->testRows)
              + (outcome->droppedRows ? ", dropped " + std::to_string(outcome->droppedRows)
                                      : std::string()));
    f.add("Epochs", std::to_string(outcome->history.size()));
    f.print(out);
    printMetrics(out, "Test metrics", outcome->testMetrics);
    printMetrics(out, "Validation metrics", outcome->validationMetrics);
    printConfusion(out, p);
    if (version)
        out << "Registered " << version->model << ':' << version->version << " (" << version->format
            << ")\n";
    else
        out << "Not registered (pass --register NAME to keep the model).\n";
    return success();
}

} // namespace mdeck::cli
