#include "core/pipeline/step_kinds.h"

#include "core/common/files.h"
#include "core/data/csv_reader.h"
#include "core/data/profile.h"
#include "core/pipeline/evaluation.h"
#include "core/pipeline/expectations.h"
#include "core/pipeline/process.h"
#include "core/pipeline/run_store.h"
#include "core/training/training_job.h"

#include <cstdio>
#include <filesystem>

namespace mdeck::pipeline {

namespace {

std::string str(const Json &with, const char *key, const std::string &fallback = {})
{
    return with.contains(key) ? with[key].get<std::string>() : fallback;
}

Result<std::string> writeJson(const std::string &dir, const std::string &file, const Json &value)
{
    const std::string path = dir + "/" + file;
    MDECK_TRY(writeFileAtomic(path, value.dump(2) + "\n"));
    return path;
}

std::string fixed(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.4f", v);
    return buf;
}

Json metricsJson(const std::map<std::string, double> &m)
{
    Json j = Json::object();
    for (const auto &[k, v] : m)
        j[k] = std::isfinite(v) ? Json(v) : Json(nullptr);
    return j;
}

Result<StepResult> runValidate(StepContext &ctx)
{
    const std::string data = str(ctx.with, "data");
    auto report = checkExpectations(data, ctx.with["expectations"], ctx.stop);
    if (!report)
        return report.error();
    ctx.log.append(describeReport(*report));
    StepResult r;
    auto path = writeJson(ctx.outDir, "report.json", *report);
    if (!path)
        return path.error();
    r.outputs["report"] = *path;
    r.summary = {{"rows", (*report)["rows"]},
                 {"failed", (*report)["failed"]},
                 {"expectations", (*report)["expectations"].size()}};
    if (!(*report)["passed"].get<bool>())
        r.failure = std::to_string((*report)["failed"].get<int>()) + " of "
            + std::to_string((*report)["expectations"].size()) + " expectations on " + data
            + " failed (see the validation report)";
    return r;
}

Result<StepResult> runProfile(StepContext &ctx)
{
    const std::string data = str(ctx.with, "data");
    auto table = data::readCsv(data, {}, {}, ctx.stop);
    if (!table)
        return table.error();
    const Json profile = data::profileToJson(data::profileTable(*table));
    ctx.log.line("profiled " + std::to_string(table->rows) + " rows, "
                 + std::to_string(table->columns.size()) + " columns of " + data);
    StepResult r;
    auto path = writeJson(ctx.outDir, "profile.json", profile);
    if (!path)
        return path.error();
    r.outputs["profile"] = *path;
    r.summary = {{"rows", table->rows}, {"columns", table->columns.size()}};
    return r;
}

Result<training::TrainRequest> trainRequest(const Json &w)
{
    training::TrainRequest req;
    req.dataPath = str(w, "data");
    req.target = str(w, "target");
    if (w.contains("features"))
        req.features = w["features"].get<std::vector<std::string>>();
    if (w.contains("ignore"))
        req.ignore = w["ignore"].get<std::vector<std::string>>();
    req.timeColumn = str(w, "time-column");
    req.sensitiveColumn = str(w, "sensitive-column");
    if (w.contains("task")) {
        auto t = ml::parseTask(w["task"].get<std::string>());
        if (!t)
            return t.error();
        req.task = *t;
    }
    ml::TrainSpec &s = req.spec;
    if (w.contains("model")) {
        auto k = ml::parseModelKind(w["model"].get<std::string>());
        if (!k)
            return k.error();
        s.model = *k;
    }
    if (w.contains("activation")) {
        auto a = ml::parseActivation(w["activation"].get<std::string>());
        if (!a)
            return a.error();
        s.activation = *a;
    }
    if (w.contains("optimizer")) {
        auto o = ml::parseOptimizer(w["optimizer"].get<std::string>());
        if (!o)
            return o.error();
        s.optimizer = *o;
    }
    if (w.contains("hidden"))
        s.hidden = w["hidden"].get<std::vector<int>>();
    s.epochs = w.value("epochs", s.epochs);
    s.batchSize = w.value("batch-size", s.batchSize);
    s.learningRate = w.value("learning-rate", s.learningRate);
    s.weightDecay = w.value("weight-decay", s.weightDecay);
    s.dropout = w.value("dropout", s.dropout);
    s.patience = w.value("patience", s.patience);
    s.seed = w.value("seed", static_cast<std::uint64_t>(s.seed));
    s.threads = w.value("threads", s.threads);
    MDECK_TRY(ml::validateSpec(s));
    return req;
}

Result<StepResult> runTrain(StepContext &ctx)
{
    auto req = trainRequest(ctx.with);
    if (!req)
        return req.error();
    int lastTenth = -1;
    auto outcome = training::runTraining(
        *req, ctx.outDir,
        [&](const training::TrainProgress &p) {
            if (p.epoch)
                ctx.log.line("epoch " + std::to_string(p.epoch->epoch) + "/"
                             + std::to_string(p.epoch->epochs) + " train loss "
                             + fixed(p.epoch->trainLoss) + " val loss "
                             + fixed(p.epoch->validationLoss) + " " + p.epoch->metricName + " "
                             + fixed(p.epoch->validationMetric));
            else if (const int tenth = static_cast<int>(p.fraction * 10); tenth != lastTenth) {
                lastTenth = tenth;
                ctx.log.line(p.stage + " " + std::to_string(tenth * 10) + "%");
            }
        },
        ctx.stop);
    if (!outcome)
        return outcome.error();
    StepResult r;
    const std::string model = ctx.outDir + "/model.mdmodel";
    std::error_code ec;
    std::filesystem::rename(outcome->packagePath, model, ec);
    if (ec)
        return Error(ErrorCode::Io,
                     "cannot move the trained package into " + ctx.outDir + ": " + ec.message());
    r.outputs["model"] = model;
    const Json metrics = {{"test", metricsJson(outcome->testMetrics)},
                          {"validation", metricsJson(outcome->validationMetrics)},
                          {"rows",
                           {{"train", outcome->trainRows},
                            {"validation", outcome->validationRows},
                            {"test", outcome->testRows},
                            {"dropped", outcome->droppedRows}}},
                          {"dataset_sha256", outcome->datasetSha256}};
    auto path = writeJson(ctx.outDir, "metrics.json", metrics);
    if (!path)
        return path.error();
    r.outputs["metrics"] = *path;
    r.summary = {{"test", metrics["test"]}, {"rows", metrics["rows"]}};
    for (const auto &[k, v] : outcome->testMetrics)
        ctx.log.line("test " + k + " " + fixed(v));
    return r;
}

Result<StepResult> runEvaluate(StepContext &ctx)
{
    std::optional<training::ModelPackage> package;
    Json source;
    if (ctx.with.contains("package")) {
        auto p = training::readPackage(str(ctx.with, "package"));
        if (!p)
            return p.error();
        package = std::move(*p);
        source = {{"package", str(ctx.with, "package")}};
    } else {
        auto p = loadRegisteredPackage(ctx.registry, str(ctx.with, "model"));
        if (!p)
            return p.error();
        source = {{"model", p->first.model}, {"version", p->first.version}};
        package = std::move(p->second);
    }
    auto ev = evaluatePackage(*package, str(ctx.with, "data"), ctx.stop);
    if (!ev)
        return ev.error();
    const Json metrics = {{"metrics", metricsJson(ev->metrics)},
                          {"rows", ev->rows},
                          {"skipped", ev->skipped},
                          {"source", source}};
    for (const auto &[k, v] : ev->metrics)
        ctx.log.line(k + " " + fixed(v));
    StepResult r;
    auto path = writeJson(ctx.outDir, "metrics.json", metrics);
    if (!path)
        return path.error();
    r.outputs["metrics"] = *path;
    r.summary = metrics;
    return r;
}

Result<StepResult> runCompare(StepContext &ctx)
{
    const std::string metric = str(ctx.with, "metric");
    const std::string alias = str(ctx.with, "alias", "champion");
    const double margin = ctx.with.value("margin", 0.0);
    const std::string direction = str(ctx.with, "direction",
                                      higherIsBetter(metric) ? "higher" : "lower");
    if (direction != "higher" && direction != "lower")
        return Error(ErrorCode::InvalidArgument,
                     "step '" + ctx.step.name + "': direction must be higher or lower");
    const std::string data = str(ctx.with, "data");
    auto candidate = training::readPackage(str(ctx.with, "candidate"));
    if (!candidate)
        return candidate.error();
    auto candEval = evaluatePackage(*candidate, data, ctx.stop);
    if (!candEval)
        return candEval.error();
    if (!candEval->metrics.count(metric))
        return Error(ErrorCode::InvalidArgument,
                     "step '" + ctx.step.name + "': the candidate has no metric '" + metric + "'");
    const double cand = candEval->metrics.at(metric);
    Json comparison = {{"metric", metric},
                       {"direction", direction},
                       {"margin", margin},
                       {"data", data},
                       {"candidate", cand},
                       {"rows", candEval->rows},
                       {"model", str(ctx.with, "model")},
                       {"alias", alias}};
    StepResult r;
    auto champion = loadRegisteredPackage(ctx.registry, str(ctx.with, "model") + "@" + alias);
    if (!champion && champion.error().code != ErrorCode::NotFound)
        return champion.error();
    if (!champion) {
        comparison["champion"] = nullptr;
        comparison["passed"] = true;
        comparison["decision"] = "no " + alias + " yet: the candidate is accepted";
        ctx.log.line(comparison["decision"].get<std::string>());
    } else {
        auto champEval = evaluatePackage(champion->second, data, ctx.stop);
        if (!champEval)
            return champEval.error();
        if (!champEval->metrics.count(metric))
            return Error(ErrorCode::InvalidArgument,
                         "step '" + ctx.step.name + "': the champion has no metric '" + metric
                             + "'");
        const double champ = champEval->metrics.at(metric);
        const bool passed = direction == "higher" ? cand >= champ + margin : cand <= champ - margin;
        comparison["champion"] = champ;
        comparison["champion_version"] = champion->first.version;
        comparison["passed"] = passed;
        comparison["decision"] = std::string(passed ? "candidate wins: " : "candidate loses: ")
            + metric + " " + fixed(cand) + " vs " + alias + " v"
            + std::to_string(champion->first.version) + " " + fixed(champ) + " (needs "
            + (direction == "higher" ? ">= " : "<= ")
            + fixed(direction == "higher" ? champ + margin : champ - margin) + ")";
        ctx.log.line(comparison["decision"].get<std::string>());
        if (!passed)
            r.failure = comparison["decision"].get<std::string>();
    }
    auto path = writeJson(ctx.outDir, "comparison.json", comparison);
    if (!path)
        return path.error();
    r.outputs["comparison"] = *path;
    r.summary = comparison;
    return r;
}

Result<StepResult> runRegister(StepContext &ctx)
{
    const std::string source = str(ctx.with, "package");
    const std::string model = str(ctx.with, "model");
    auto package = training::readPackage(source);
    if (!package)
        return package.error();
    training::TrainOutcome outcome;
    outcome.package = std::move(*package);
    // registerOutcome removes the file it registers: hand it a copy.
    outcome.packagePath = ctx.outDir + "/register.mdmodel";
    MDECK_TRY(copyFileAtomic(source, outcome.packagePath));
    auto metricMap = [](const Json &j) {
        std::map<std::string, double> m;
        if (j.is_object())
            for (const auto &[k, v] : j.items())
                if (v.is_number())
                    m[k] = v.get<double>();
        return m;
    };
    outcome.testMetrics = metricMap(outcome.package.metrics.value("test", Json::object()));
    outcome.validationMetrics = metricMap(
        outcome.package.metrics.value("validation", Json::object()));
    outcome.datasetSha256 = outcome.package.lineage.value("dataset_sha256", "");
    outcome.runId = runSubject(ctx.runId) + "/" + ctx.step.name;
    auto version = training::registerOutcome(ctx.registry, ctx.actor, model, outcome,
                                             str(ctx.with, "description"));
    if (!version)
        return version.error();
    ctx.log.line("registered " + model + ":" + std::to_string(version->version));
    if (ctx.with.contains("alias")) {
        MDECK_TRY(ctx.registry.setAlias(ctx.actor, model, str(ctx.with, "alias"), version->version));
        ctx.log.line("alias " + str(ctx.with, "alias") + " -> " + model + ":"
                     + std::to_string(version->version));
    }
    const Json registered = {{"model", model},
                             {"version", version->version},
                             {"sha256", version->artifactSha256}};
    StepResult r;
    auto path = writeJson(ctx.outDir, "version.json", registered);
    if (!path)
        return path.error();
    r.outputs["version"] = *path;
    r.summary = registered;
    return r;
}

Result<StepResult> runRollout(StepContext &ctx)
{
    RolloutRequest req;
    req.runId = ctx.runId;
    req.step = ctx.step.name;
    if (ctx.with.contains("registration")) {
        auto text = readFile(str(ctx.with, "registration"), 1 << 20);
        if (!text)
            return text.error();
        auto j = parseJson(*text, str(ctx.with, "registration"));
        if (!j)
            return j.error();
        req.model = j->value("model", "");
        req.version = j->value("version", 0);
    } else {
        auto v = ctx.registry.resolve(str(ctx.with, "model"), str(ctx.with, "version", "latest"));
        if (!v)
            return v.error();
        req.model = v->model;
        req.version = v->version;
    }
    req.deployment = str(ctx.with, "deployment", req.model);
    req.strategy = str(ctx.with, "strategy", "canary");
    req.traffic = ctx.with.value("traffic", 10);
    req.note = str(ctx.with, "note");
    if (req.traffic < 0 || req.traffic > 100)
        return Error(ErrorCode::InvalidArgument,
                     "step '" + ctx.step.name + "': traffic must be a percentage from 0 to 100");
    Json request = {{"model", req.model},           {"version", req.version},
                    {"deployment", req.deployment}, {"strategy", req.strategy},
                    {"traffic", req.traffic},       {"note", req.note}};
    if (!ctx.rolloutRequester)
        return Error(ErrorCode::Unsupported,
                     "step '" + ctx.step.name
                         + "': no deployment service is available to take rollout requests");
    auto filed = ctx.rolloutRequester(ctx.actor, req);
    if (!filed)
        return filed.error();
    request["filed"] = *filed;
    ctx.log.line("requested a " + req.strategy + " rollout of " + req.model + ":"
                 + std::to_string(req.version) + " to " + req.deployment);
    StepResult r;
    auto path = writeJson(ctx.outDir, "request.json", request);
    if (!path)
        return path.error();
    r.outputs["request"] = *path;
    r.summary = request;
    return r;
}

Result<StepResult> runShell(StepContext &ctx)
{
    ProcessSpec spec;
    spec.command = str(ctx.with, "command");
    if (ctx.with.contains("env"))
        for (const auto &[k, v] : ctx.with["env"].items())
            spec.env[k] = v.get<std::string>();
    spec.env["MDECK_OUTPUTS"] = ctx.outDir;
    spec.env["MDECK_RUN_ID"] = std::to_string(ctx.runId);
    spec.env["MDECK_STEP"] = ctx.step.name;
    spec.workdir = str(ctx.with, "workdir", ctx.definition.baseDir);
    if (!spec.workdir.empty() && spec.workdir[0] != '/' && !ctx.definition.baseDir.empty())
        spec.workdir = ctx.definition.baseDir + "/" + spec.workdir;
    if (!spec.workdir.empty() && !std::filesystem::is_directory(spec.workdir))
        return Error(ErrorCode::InvalidArgument,
                     "step '" + ctx.step.name + "': working folder '" + spec.workdir
                         + "' does not exist");
    spec.timeoutSeconds = ctx.step.timeoutSeconds;
    auto outcome = runProcess(spec, ctx.log, ctx.stop);
    if (!outcome)
        return outcome.error();
    StepResult r;
    r.summary = {{"exit_code", outcome->exitCode}, {"signal", outcome->signal}};
    if (outcome->cancelled)
        return Error(ErrorCode::Cancelled, "step '" + ctx.step.name + "' was cancelled");
    if (outcome->timedOut)
        return Error(ErrorCode::Cancelled,
                     "step '" + ctx.step.name + "' timed out after "
                         + fixed(ctx.step.timeoutSeconds) + " s; its process group was killed");
    if (!outcome->ok()) {
        r.failure = "command " + outcome->describe();
        return r;
    }
    for (const auto &name : ctx.step.outputs) {
        const std::string file = ctx.outDir + "/" + name;
        if (!std::filesystem::is_regular_file(file)) {
            r.failure = "the command did not write its declared output '" + name
                + "' into $MDECK_OUTPUTS";
            return r;
        }
        r.outputs[name] = file;
    }
    return r;
}

} // namespace

Result<StepResult> runStepKind(StepContext &ctx)
{
    try {
        switch (ctx.step.kind) {
        case StepKind::Validate:
            return runValidate(ctx);
        case StepKind::Profile:
            return runProfile(ctx);
        case StepKind::Train:
            return runTrain(ctx);
        case StepKind::Evaluate:
            return runEvaluate(ctx);
        case StepKind::Compare:
            return runCompare(ctx);
        case StepKind::Register:
            return runRegister(ctx);
        case StepKind::RequestRollout:
            return runRollout(ctx);
        case StepKind::Shell:
            return runShell(ctx);
        case StepKind::Noop:
            return StepResult{};
        }
    } catch (const std::exception &e) {
        return Error(ErrorCode::Internal, "step '" + ctx.step.name + "': " + e.what());
    }
    return StepResult{};
}

} // namespace mdeck::pipeline
