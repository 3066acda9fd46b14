#pragma once

// Batch prediction from one CSV file to another, streaming with bounded
// memory: the input columns are kept and the predictions (and, for
// classifiers, one probability column per class) appended. A row that does
// not fit the model stops the run with its line number, or is skipped and
// counted with skipBad. The output is written whole or not at all.
// Errors: InvalidArgument (naming file, line, column), Io, Cancelled.

#include "core/data/csv_reader.h"
#include "core/training/loaded_model.h"

namespace mdeck::training {

struct PredictOptions
{
    bool skipBad = false;
    std::size_t batchSize = 1024;
};

struct PredictSummary
{
    std::uint64_t rowsRead = 0;
    std::uint64_t rowsWritten = 0;
    std::uint64_t rowsSkipped = 0;
    std::vector<std::string> skippedExamples; // first few "line N: reason"
};

Result<PredictSummary> predictCsv(const LoadedModel &model, const std::string &inPath,
                                  const std::string &outPath, const PredictOptions &options = {},
                                  const data::ProgressFn &progress = {}, std::stop_token stop = {});

// Quotes a CSV field when it needs it (RFC 4180).
void appendCsvField(std::string &out, std::string_view field);

} // namespace mdeck::training
