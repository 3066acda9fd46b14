#include "app/mdeck/cli_app.h"

#include "app/mdeck/arguments.h"
#include "app/mdeck/cli_wiring.h"
#include "app/mdeck/commands.h"
#include "core/auth/auth.h"
#include "core/registry/model_registry.h"
#include "core/training/benchmark.h"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <functional>
#include <memory>
#include <ostream>

// Wires the verbs of commands.h to CLI11: it fills their option structs and
// picks the verb; the verbs themselves never see CLI11. Newer groups of verbs
// wire themselves in their own *_cli.cpp (see cli_wiring.h).

namespace mdeck::cli {

namespace {

void addModelCommands(CLI::App &app, Selection &sel)
{
    CLI::App *model = app.add_subcommand("model", "Models and their versions");
    model->require_subcommand(1);

    {
        auto o = std::make_shared<ModelCreateOptions>();
        CLI::App *sub = model->add_subcommand("create", "Create an empty model");
        sub->add_option("NAME", o->name, "model name: a-z, 0-9, '.', '_', '-'")->required();
        sub->add_option("--description", o->description, "what the model is for");
        sub->add_option("--tag", o->tags, "a tag KEY=VALUE (repeatable)")->check(keyValue("tag"));
        select(sub, sel, o, modelCreate);
    }
    {
        auto o = std::make_shared<ModelListOptions>();
        CLI::App *sub = model->add_subcommand("list", "List the models of the workspace");
        sub->add_option("--filter", o->filter, "only models whose name contains TEXT");
        select(sub, sel, o, modelList);
    }
    {
        auto o = std::make_shared<ModelShowOptions>();
        CLI::App *sub = model->add_subcommand("show", "Show a model, or one version in full");
        sub->add_option("REF", o->reference, "NAME, NAME:VERSION, NAME:latest or NAME@ALIAS")
            ->required();
        select(sub, sel, o, modelShow);
    }
    {
        auto o = std::make_shared<RegisterOptions>();
        auto parent = std::make_shared<int>(0);
        CLI::App *sub = model->add_subcommand("register", "Register a new version of a model");
        sub->add_option("NAME", o->model, "model name (created when missing)")->required();
        sub->add_option("--artifact", o->artifact, "the model file")->required();
        sub->add_option("--signature", o->signature, "signature JSON file (inputs and outputs)")
            ->required();
        sub->add_option("--format", o->format, "artifact format (default: torchscript)")
            ->check(CLI::IsMember({"torchscript", "file"}));
        sub->add_option("--metric", o->metrics, "a metric KEY=NUMBER (repeatable)")
            ->check(validator([](const std::string &v) { return parseMetrics({v}); }, "KEY=NUMBER"));
        sub->add_option("--param", o->params, "a parameter KEY=VALUE (repeatable)")
            ->check(keyValue("param"));
        sub->add_option("--tag", o->tags, "a tag KEY=VALUE (repeatable)")->check(keyValue("tag"));
        sub->add_option("--description", o->description, "what changed in this version");
        sub->add_option("--dataset-hash", o->datasetHash, "SHA-256 of the training data");
        sub->add_option("--training-run", o->trainingRun, "identifier of the training run");
        CLI::Option *parentOpt = sub->add_option("--parent-version", *parent,
                                                 "the version this one was derived from")
                                     ->check(CLI::PositiveNumber);
        sub->callback([&sel, o, parent, parentOpt] {
            if (parentOpt->count() > 0)
                o->parentVersion = *parent;
            sel.run = [o](CommandContext &ctx) {
                return modelRegister(ctx, *o);
            };
        });
    }
    {
        auto o = std::make_shared<VersionsOptions>();
        CLI::App *sub = model->add_subcommand("versions",
                                              "Search the versions of one model or of all");
        CLI::Option *name = sub->add_option("NAME", o->model, "the model");
        sub->add_flag("--all", o->all, "search the versions of every model")->excludes(name);
        sub->add_option("--filter", o->filter, "only models whose name contains TEXT");
        sub->add_option("--tag", o->tag, "only versions (or models) tagged KEY or KEY=VALUE");
        sub->add_option("--alias", o->alias, "only the version an alias points at");
        sub->add_option("--metric", o->metric,
                        "only versions whose metric passes, e.g. \"acc>=0.9\"")
            ->check(validator([](const std::string &v) { return registry::parseMetricFilter(v); },
                              "NAME>=VALUE"));
        sub->add_option("--sort", o->sort,
                        "created, model, version or metric:NAME (default: created)")
            ->check(validator(
                [](const std::string &v) -> Result<void> {
                    if (v == "created" || v == "model" || v == "version"
                        || (v.rfind("metric:", 0) == 0 && v.size() > 7))
                        return success();
                    return Error(ErrorCode::InvalidArgument,
                                 "sort key '" + v
                                     + "' must be created, model, version or metric:NAME");
                },
                "KEY"));
        sub->add_flag("--asc", o->ascending, "ascending order (default: descending)");
        sub->add_option("--limit", o->limit, "rows to show (default: 100, at most 100000)")
            ->check(CLI::Range(0, 100000));
        sub->add_option("--offset", o->offset, "rows to skip")->check(CLI::NonNegativeNumber);
        sub->add_flag("--include-archived,!--active-only", o->includeArchived,
                      "show archived versions too (the default), or only active ones");
        sub->callback([&sel, o] {
            if (o->model.empty() && !o->all)
                throw CLI::RequiredError("NAME or --all");
            sel.run = [o](CommandContext &ctx) {
                return modelVersions(ctx, *o);
            };
        });
    }
    {
        auto o = std::make_shared<AliasOptions>();
        CLI::App *sub = model->add_subcommand("alias",
                                              "Point an alias at a version (moves it if set)");
        sub->add_option("NAME", o->model, "the model")->required();
        sub->add_option("VERSION", o->version, "the version number")
            ->required()
            ->check(CLI::PositiveNumber);
        sub->add_option("ALIAS", o->alias, "the alias, e.g. champion")->required();
        select(sub, sel, o, modelAlias);
    }
    {
        auto o = std::make_shared<AliasOptions>();
        CLI::App *sub = model->add_subcommand("unalias", "Remove an alias");
        sub->add_option("NAME", o->model, "the model")->required();
        sub->add_option("ALIAS", o->alias, "the alias")->required();
        select(sub, sel, o, modelUnalias);
    }
    for (const bool archive : {true, false}) {
        auto o = std::make_shared<ArchiveOptions>();
        o->archived = archive;
        CLI::App *sub = model->add_subcommand(archive ? "archive" : "unarchive",
                                              archive ? "Archive a version (it stays, read-only)"
                                                      : "Make an archived version active again");
        sub->add_option("NAME", o->model, "the model")->required();
        sub->add_option("VERSION", o->version, "the version number")
            ->required()
            ->check(CLI::PositiveNumber);
        select(sub, sel, o, modelArchive);
    }
    {
        auto o = std::make_shared<ExportOptions>();
        CLI::App *sub = model->add_subcommand("export",
                                              "Write a version and its history to a bundle file");
        sub->add_option("REF", o->reference, "NAME:VERSION or NAME@ALIAS")->required();
        sub->add_option("FILE", o->file, "the bundle to write (.tar)")->required();
        select(sub, sel, o, modelExport);
    }
    {
        auto o = std::make_shared<ImportOptions>();
        CLI::App *sub = model->add_subcommand("import", "Verify a bundle and register its version");
        sub->add_option("FILE", o->file, "the bundle")->required();
        sub->add_option("--as", o->as, "register under this model name instead of the bundle's");
        select(sub, sel, o, modelImport);
    }
}

void addUserCommands(CLI::App &app, Selection &sel)
{
    CLI::App *user = app.add_subcommand("user", "The users of the workspace and their roles");
    user->require_subcommand(1);
    {
        auto o = std::make_shared<UserAddOptions>();
        CLI::App *sub = user->add_subcommand("add", "Add a user (admins only)");
        sub->add_option("NAME", o->name, "user name")->required();
        sub->add_option("--role", o->role, "viewer, engineer, release-manager or admin")
            ->required()
            ->check(roleName());
        sub->add_option("--os-login", o->osLogin, "bind the user to this operating-system account");
        select(sub, sel, o, userAdd);
    }
    selectPlain(user->add_subcommand("list", "List the users"), sel, userList);
    {
        auto o = std::make_shared<UserRoleOptions>();
        CLI::App *sub = user->add_subcommand("role", "Change a user's role (admins only)");
        sub->add_option("NAME", o->name, "user name")->required();
        sub->add_option("ROLE", o->role, "viewer, engineer, release-manager or admin")
            ->required()
            ->check(roleName());
        select(sub, sel, o, userRole);
    }

    CLI::App *token = app.add_subcommand("token", "API tokens");
    token->require_subcommand(1);
    {
        auto o = std::make_shared<TokenCreateOptions>();
        auto days = std::make_shared<int>(0);
        CLI::App *sub = token->add_subcommand("create", "Create a token; the secret is shown once");
        sub->add_option("--user", o->user, "owner of the token (default: you; others: admins only)");
        sub->add_option("--label", o->label, "what the token is for");
        CLI::Option *daysOpt = sub->add_option("--expires-days", *days,
                                               "expire after N days (1 to 3650)")
                                   ->check(CLI::Range(1, 3650));
        sub->callback([&sel, o, days, daysOpt] {
            if (daysOpt->count() > 0)
                o->expiresDays = *days;
            sel.run = [o](CommandContext &ctx) {
                return tokenCreate(ctx, *o);
            };
        });
    }
    selectPlain(token->add_subcommand("list", "List tokens (admins see all)"), sel, tokenList);
    {
        auto o = std::make_shared<TokenRevokeOptions>();
        CLI::App *sub = token->add_subcommand("revoke", "Revoke a token");
        sub->add_option("ID", o->id, "the token's number (see 'mdeck token list')")->required();
        select(sub, sel, o, tokenRevoke);
    }
}

void addAuditCommands(CLI::App &app, Selection &sel)
{
    CLI::App *audit = app.add_subcommand("audit", "The hash-chained audit log");
    audit->require_subcommand(1);
    {
        auto o = std::make_shared<AuditListOptions>();
        CLI::App *sub = audit->add_subcommand("list", "List audit entries, newest first");
        sub->add_option("--subject", o->subject, "e.g. model:iris, version:iris or version:iris:3");
        sub->add_option("--action", o->action, "e.g. version.register");
        sub->add_option("--limit", o->limit, "entries to show (default: 50)")
            ->check(CLI::Range(1, 1000000));
        select(sub, sel, o, auditList);
    }
    selectPlain(audit->add_subcommand("verify",
                                      "Check the audit chain; exit 1 at the first broken entry"),
                sel, auditVerify);
    selectPlain(app.add_subcommand("verify",
                                   "Check the database, every artifact's hash and the audit chain"),
                sel, verifyWorkspace);
}

void addPredictionCommands(CLI::App &app, Selection &sel)
{
    auto o = std::make_shared<PredictionsOptions>();
    CLI::App *sub = app.add_subcommand("predictions",
                                       "Show or export the logged predictions, newest first");
    sub->add_option("--deployment", o->deployment, "only this deployment's");
    sub->add_option("--role", o->role, "only stable, canary or shadow answers")
        ->check(CLI::IsMember({"stable", "canary", "shadow"}));
    sub->add_option("--from", o->from, "from this time on: YYYY-MM-DD[THH:MM:SS] (UTC) or Unix ms");
    sub->add_option("--to", o->to, "before this time");
    sub->add_option("--format", o->format,
                    "table, or jsonl or csv to export, oldest first (default: table)")
        ->check(CLI::IsMember({"table", "jsonl", "csv"}));
    sub->add_option("--limit", o->limit,
                    "only the newest N (default: 20 in a table or with --json, all in an export)")
        ->check(CLI::Range(0LL, 1000000000LL));
    select(sub, sel, o, predictionsList);
}

void addTrainCommands(CLI::App &app, Selection &sel)
{
    auto o = std::make_shared<TrainOptions>();
    CLI::App *sub = app.add_subcommand("train",
                                       "Train a model on a CSV file; optionally register it");
    sub->add_option("--data", o->data, "the training data (CSV with a header)")->required();
    sub->add_option("--target", o->target, "the column to predict")->required();
    sub->add_option("--task", o->task, "auto (default), binary, multiclass or regression")
        ->check(CLI::IsMember({"auto", "binary", "multiclass", "regression"}));
    sub->add_option("--model", o->model, "linear or mlp (default)")
        ->check(CLI::IsMember({"linear", "mlp"}));
    sub->add_option("--hidden", o->hidden, "hidden layer widths (default: 64,64)")
        ->check(validator([](const std::string &v) { return parseHiddenLayers(v); }, "N,N"));
    sub->add_option("--activation", o->activation, "relu (default), tanh, sigmoid or gelu")
        ->check(CLI::IsMember({"relu", "tanh", "sigmoid", "gelu"}));
    sub->add_option("--dropout", o->dropout, "dropout probability (default: 0)")
        ->check(CLI::Range(0.0, 0.99));
    sub->add_option("--optimizer", o->optimizer, "adam (default) or sgd")
        ->check(CLI::IsMember({"adam", "sgd"}));
    sub->add_option("--lr", o->learningRate, "learning rate (default: 0.001)")
        ->check(CLI::Range(1e-9, 10.0));
    sub->add_option("--weight-decay", o->weightDecay, "L2 weight decay (default: 0)")
        ->check(CLI::Range(0.0, 1.0));
    sub->add_option("--batch-size", o->batchSize, "rows per mini-batch (default: 64)")
        ->check(CLI::Range(1, 1000000));
    sub->add_option("--epochs", o->epochs, "at most this many epochs (default: 100)")
        ->check(CLI::Range(1, 10000000));
    sub->add_option("--patience", o->patience,
                    "stop after N epochs without a better validation loss; 0 = never "
                    "(default: 10)")
        ->check(CLI::Range(0, 10000000));
    sub->add_option("--seed", o->seed, "random seed (default: 42)");
    sub->add_option("--threads", o->threads, "LibTorch threads (default: LibTorch's choice)")
        ->check(CLI::Range(1, 1024));
    sub->add_option("--features", o->features, "use only these columns, e.g. a,b,c")
        ->check(
            validator([](const std::string &v) { return parseNameList(v, "--features"); }, "A,B"));
    sub->add_option("--ignore", o->ignore, "leave these columns out, e.g. id,name")
        ->check(validator([](const std::string &v) { return parseNameList(v, "--ignore"); }, "A,B"));
    sub->add_option("--time-column", o->timeColumn,
                    "split by this column's time instead of at random");
    sub->add_option("--sensitive", o->sensitiveColumn,
                    "a column kept out of the features and profiled for fairness");
    sub->add_option("--type", o->types,
                    "a column's type COL=numeric|categorical|boolean|datetime (repeatable)")
        ->check(keyValue("--type"));
    sub->add_option("--split", o->split, "train,validation,test fractions (default: 0.7,0.15,0.15)")
        ->check(validator([](const std::string &v) { return parseSplit(v); }, "F,F,F"));
    sub->add_option("--register", o->registerAs, "register the model under this name");
    sub->add_option("--description", o->description, "description of the registered version");
    sub->add_flag("--quiet,-q", o->quiet, "no progress lines on stderr");
    select(sub, sel, o, trainModel);
}

void addPredictCommands(CLI::App &app, Selection &sel)
{
    auto o = std::make_shared<PredictFileOptions>();
    CLI::App *sub = app.add_subcommand("predict", "Predict every row of a CSV file");
    sub->add_option("MODEL", o->reference, "NAME, NAME:VERSION or NAME@ALIAS")->required();
    sub->add_option("--in", o->in, "input CSV file with the model's feature columns")->required();
    sub->add_option("--out", o->out, "output CSV file: the input plus the predictions")->required();
    sub->add_flag("--skip-bad", o->skipBad, "skip and count rows that do not fit the model");
    sub->add_option("--batch-size", o->batchSize, "rows per model call (default: 1024)")
        ->check(CLI::Range(1, 1000000));
    sub->add_flag("--quiet,-q", o->quiet, "no progress on stderr");
    select(sub, sel, o, predictFile);
}

void addBenchCommands(CLI::App &app, Selection &sel)
{
    auto o = std::make_shared<BenchModelOptions>();
    CLI::App *bench = app.add_subcommand("bench",
                                         "Measure a model's latency and throughput; store it");
    bench->add_option("MODEL", o->reference, "NAME, NAME:VERSION or NAME@ALIAS");
    bench->add_option("--batch", o->batches, "batch sizes (default: 1,8,64,512,4096)")
        ->check(validator([](const std::string &v) { return training::parseBatchList(v); }, "N,N"));
    bench->add_option("--threads", o->threads, "LibTorch threads (default: as is)")
        ->check(CLI::Range(1, 1024));
    bench->add_option("--device", o->device, "cpu (default) or cuda")
        ->check(CLI::IsMember({"cpu", "cuda"}));
    bench->add_option("--window-ms", o->windowMs, "length of a measurement window (default: 1000)")
        ->check(CLI::Range(1, 600000));
    bench
        ->add_option("--max-windows", o->maxWindows,
                     "windows per batch size before giving up on stability (default: 10)")
        ->check(CLI::Range(3, 100000));
    bench->add_flag("--no-store", o->noStore, "do not store the result in the workspace");
    bench->add_flag("--quiet,-q", o->quiet, "no progress on stderr");

    auto h = std::make_shared<BenchHistoryOptions>();
    CLI::App *history
        = bench->add_subcommand("history", "List the stored benchmarks of a model, newest first");
    history->add_option("MODEL", h->reference, "NAME or NAME:VERSION")->required();
    history->add_option("--limit", h->limit, "runs to show (default: 50)")
        ->check(CLI::Range(1, 100000));
    select(history, sel, h, benchHistory);

    // CLI11 runs this after the history callback: leave its choice alone.
    bench->callback([&sel, o, history] {
        if (history->parsed())
            return;
        if (o->reference.empty())
            throw CLI::RequiredError("MODEL");
        sel.run = [o](CommandContext &ctx) {
            return benchModel(ctx, *o);
        };
    });
}

void addWorkspaceCommands(CLI::App &app, Selection &sel)
{
    CLI::App *sub = app.add_subcommand("init", "Create a workspace; you become its admin");
    sel.initDir = std::make_shared<std::string>();
    sub->add_option("DIR", *sel.initDir,
                    "the folder (default: --workspace or $MODELDECK_WORKSPACE)");
    sub->callback([&sel] { sel.run = initWorkspace; });
}

// CLI11 says only "A subcommand is required"; name the group, the stray word and the choices.
std::string missingCommandMessage(CLI::App &app)
{
    CLI::App *group = &app;
    std::string path = "mdeck";
    while (!group->get_subcommands().empty()) {
        group = group->get_subcommands().front();
        path += " " + group->get_name();
    }
    std::string choices;
    for (const CLI::App *sub : group->get_subcommands({}))
        choices += (choices.empty() ? "" : ", ") + sub->get_name();
    const std::vector<std::string> stray = app.remaining(true);
    if (!stray.empty())
        return "'" + path + "' has no command '" + stray.front() + "'; expected one of: " + choices;
    return "'" + path + "' needs a command: " + choices;
}

std::string environment(const char *name)
{
    const char *value = std::getenv(name);
    return value ? value : "";
}

} // namespace

int runCli(int argc, char **argv, std::ostream &out, std::ostream &err)
{
    CLI::App app("ModelDeck command line: train, predict and benchmark models; the registry, users "
                 "and audit log of a workspace",
                 "mdeck");
    app.fallthrough(); // global options may follow the verb: `mdeck model list --json`
    app.require_subcommand(0, 1);
    app.footer(
        "Environment: MODELDECK_WORKSPACE (the workspace folder), MODELDECK_TOKEN (an API token).\n"
        "Exit status: 0 done, 1 failed, 2 usage error.");

    std::string workspace;
    std::string token;
    bool json = false;
    bool version = false;
    app.add_option("--workspace", workspace, "workspace folder (default: $MODELDECK_WORKSPACE)");
    CLI::Option *tokenOpt = app.add_option("--token", token,
                                           "API token (default: $MODELDECK_TOKEN)");
    app.add_flag("--json", json, "machine-readable output on stdout");
    app.add_flag("--version", version, "print the versions of mdeck, LibTorch and the BLAS");

    Selection sel;
    addWorkspaceCommands(app, sel);
    addModelCommands(app, sel);
    addUserCommands(app, sel);
    addAuditCommands(app, sel);
    addPredictionCommands(app, sel);
    addTrainCommands(app, sel);
    addPredictCommands(app, sel);
    addBenchCommands(app, sel);
    addDeployCommands(app, sel);
    addRolloutCommands(app, sel);
    addServeCommands(app, sel);
    addPipelineCommands(app, sel);
    addProbeCommands(app, sel);
    addDriftCommands(app, sel);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success))
            return app.exit(e, out, err); // --help
        const bool noCommand = dynamic_cast<const CLI::RequiredError *>(&e)
            && std::string(e.what()).rfind("A subcommand", 0) == 0;
        err << "mdeck: error: " << (noCommand ? missingCommandMessage(app) : std::string(e.what()))
            << "\nRun 'mdeck --help' for usage.\n";
        return kExitUsage;
    }

    GlobalOptions global;
    global.json = json;
    global.workspace = workspace.empty() ? environment("MODELDECK_WORKSPACE") : workspace;
    if (tokenOpt->count() > 0) {
        if (token.empty()) {
            err << "mdeck: error: the API token given with --token is empty\n";
            return kExitUsage;
        }
        global.token = token;
    } else if (const std::string fromEnv = environment("MODELDECK_TOKEN"); !fromEnv.empty()) {
        global.token = fromEnv;
    }

    if (version) {
        sel.run = printVersion;
        sel.needsWorkspace = false;
    }
    if (!sel.run) {
        err << "mdeck: error: no command given\nRun 'mdeck --help' for usage.\n";
        return kExitUsage;
    }
    if (sel.initDir && !sel.initDir->empty())
        global.workspace = *sel.initDir;
    if (sel.needsWorkspace && global.workspace.empty()) {
        err << "mdeck: error: no workspace: pass --workspace or set MODELDECK_WORKSPACE\n";
        return kExitUsage;
    }

    CommandContext ctx(std::move(global), out, err);
    try {
        if (auto done = sel.run(ctx); !done) {
            out.flush();
            err << "mdeck: error: " << done.error().message << '\n';
            return kExitFailed;
        }
    } catch (const std::exception &e) {
        // Core turns its failures into Results; this is the last line of defence.
        err << "mdeck: error: internal error: " << e.what() << '\n';
        return kExitFailed;
    }
    out.flush();
    return kExitOk;
}

} // namespace mdeck::cli
