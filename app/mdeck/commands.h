#pragma once

// The verbs of `mdeck`, one function each, grouped by the file that
// implements them. cli_app.cpp fills the option structs from the command line
// (it is the only file that sees CLI11) and calls the function; a returned
// Error is printed as "mdeck: error: <message>" with exit status 1.

#include "app/mdeck/command_context.h"
#include "core/data/split.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mdeck::cli {

// ---- workspace_commands.cpp ----
Result<void> printVersion(CommandContext &ctx);
Result<void> initWorkspace(CommandContext &ctx);

// ---- model_commands.cpp ----
struct ModelCreateOptions
{
    std::string name;
    std::string description;
    std::vector<std::string> tags; // "k=v"
};
struct ModelListOptions
{
    std::string filter;
};
struct ModelShowOptions
{
    std::string reference; // NAME, NAME:VERSION, NAME@ALIAS
};
Result<void> modelCreate(CommandContext &ctx, const ModelCreateOptions &o);
Result<void> modelList(CommandContext &ctx, const ModelListOptions &o);
Result<void> modelShow(CommandContext &ctx, const ModelShowOptions &o);

// ---- version_commands.cpp ----
struct RegisterOptions
{
    std::string model;
    std::string artifact;
    std::string signature;
    std::string format = "torchscript";
    std::vector<std::string> metrics; // "k=v", v a finite number
    std::vector<std::string> params;
    std::vector<std::string> tags;
    std::string description;
    std::string datasetHash;
    std::string trainingRun;
    std::optional<int> parentVersion;
};
struct VersionsOptions
{
    std::string model; // "" with --all
    bool all = false;
    std::string filter;
    std::string tag; // "k" or "k=v"
    std::string alias;
    std::string metric; // "acc>=0.9"
    std::string sort = "created";
    bool ascending = false;
    int limit = 100;
    int offset = 0;
    bool includeArchived = true;
};
struct AliasOptions
{
    std::string model;
    int version = 0;
    std::string alias;
};
struct ArchiveOptions
{
    std::string model;
    int version = 0;
    bool archived = true;
};
Result<void> modelRegister(CommandContext &ctx, const RegisterOptions &o);
Result<void> modelVersions(CommandContext &ctx, const VersionsOptions &o);
Result<void> modelAlias(CommandContext &ctx, const AliasOptions &o);
Result<void> modelUnalias(CommandContext &ctx, const AliasOptions &o);
Result<void> modelArchive(CommandContext &ctx, const ArchiveOptions &o);

// ---- bundle_commands.cpp ----
struct ExportOptions
{
    std::string reference; // NAME:VERSION or NAME@ALIAS
    std::string file;
};
struct ImportOptions
{
    std::string file;
    std::string as;
};
Result<void> modelExport(CommandContext &ctx, const ExportOptions &o);
Result<void> modelImport(CommandContext &ctx, const ImportOptions &o);

// ---- audit_commands.cpp ----
struct AuditListOptions
{
    std::string subject;
    std::string action;
    int limit = 50;
};
Result<void> auditList(CommandContext &ctx, const AuditListOptions &o);

// ---- prediction_commands.cpp ----
struct PredictionsOptions
{
    std::string deployment;
    std::string role;             // stable, canary or shadow; "" = any
    std::string from, to;         // ISO dates/times or Unix milliseconds
    std::string format = "table"; // table, jsonl or csv
    // The newest N; -1: 20 in a table, all in jsonl or csv.
    long long limit = -1;
};
Result<void> predictionsList(CommandContext &ctx, const PredictionsOptions &o);
Result<void> auditVerify(CommandContext &ctx);
Result<void> verifyWorkspace(CommandContext &ctx);

// ---- user_commands.cpp ----
struct UserAddOptions
{
    std::string name;
    std::string role;
    std::string osLogin;
};
struct UserRoleOptions
{
    std::string name;
    std::string role;
};
struct TokenCreateOptions
{
    std::string user; // "" = the acting user
    std::string label;
    std::optional<int> expiresDays;
};
struct TokenRevokeOptions
{
    std::int64_t id = 0;
};
Result<void> userAdd(CommandContext &ctx, const UserAddOptions &o);
Result<void> userList(CommandContext &ctx);
Result<void> userRole(CommandContext &ctx, const UserRoleOptions &o);
Result<void> tokenCreate(CommandContext &ctx, const TokenCreateOptions &o);
Result<void> tokenList(CommandContext &ctx);
Result<void> tokenRevoke(CommandContext &ctx, const TokenRevokeOptions &o);

// ---- train_commands.cpp ----
struct TrainOptions
{
    std::string data;
    std::string target;
    std::string task = "auto";
    std::string model = "mlp";
    std::string hidden = "64,64";
    std::string activation = "relu";
    std::optional<double> dropout;
    std::string optimizer = "adam";
    std::optional<double> learningRate;
    std::optional<double> weightDecay;
    std::optional<int> batchSize;
    std::optional<int> epochs;
    std::optional<int> patience;
    std::optional<std::uint64_t> seed;
    std::optional<int> threads;
    std::string features; // "a,b,c"
    std::string ignore;
    std::string timeColumn;
    std::string sensitiveColumn;
    std::vector<std::string> types; // "COL=numeric"
    std::string split;              // "0.7,0.15,0.15"
    std::string registerAs;
    std::string description;
    bool quiet = false;
};
Result<void> trainModel(CommandContext &ctx, const TrainOptions &o);

// ---- predict_commands.cpp ----
struct PredictFileOptions
{
    std::string reference; // NAME, NAME:VERSION, NAME@ALIAS
    std::string in;
    std::string out;
    bool skipBad = false;
    int batchSize = 1024;
    bool quiet = false;
};
Result<void> predictFile(CommandContext &ctx, const PredictFileOptions &o);

// ---- bench_commands.cpp ----
struct BenchModelOptions
{
    std::string reference;
    std::string batches = "1,8,64,512,4096";
    int threads = 0;
    std::string device = "cpu";
    int windowMs = 1000;
    int maxWindows = 10;
    bool noStore = false;
    bool quiet = false;
};
struct BenchHistoryOptions
{
    std::string reference; // NAME or NAME:VERSION
    int limit = 50;
};
Result<void> benchModel(CommandContext &ctx, const BenchModelOptions &o);
Result<void> benchHistory(CommandContext &ctx, const BenchHistoryOptions &o);

// Parsers shared by the verbs and cli_app.cpp's validators.
Result<std::vector<int>> parseHiddenLayers(const std::string &text);
Result<std::vector<std::string>> parseNameList(const std::string &text, const std::string &what);
// "0.7,0.15,0.15": three fractions in [0, 1) that add up to 1, train and test above 0.
Result<data::SplitFractions> parseSplit(const std::string &text);

} // namespace mdeck::cli
