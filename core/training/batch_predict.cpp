#include "core/training/batch_predict.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace mdeck::training {

void appendCsvField(std::string &out, std::string_view field)
{
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        out.append(field);
        return;
    }
    out.push_back('"');
    for (char c : field) {
        if (c == '"')
            out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

namespace {

void appendFloat(std::string &out, float v)
{
    char buf[32];
    const int n = std::snprintf(buf, sizeof buf, "%.7g", static_cast<double>(v));
    out.append(buf, static_cast<std::size_t>(n));
}

} // namespace

Result<PredictSummary> predictCsv(const LoadedModel &model, const std::string &inPath,
                                  const std::string &outPath, const PredictOptions &options,
                                  const data::ProgressFn &progress, std::stop_token stop)
{
    std::error_code ec;
    if (std::filesystem::exists(outPath, ec) && std::filesystem::equivalent(inPath, outPath, ec))
        return Error(ErrorCode::InvalidArgument, "the output file must not be the input file");
    auto reader = data::CsvStreamReader::open(inPath);
    if (!reader)
        return reader.error();
    const auto &header = reader->header();
    std::vector<std::size_t> featureColumn;
    for (const auto &f : model.features()) {
        const auto it = std::find(header.begin(), header.end(), f);
        if (it == header.end())
            return Error(ErrorCode::InvalidArgument,
                         inPath + ": line 1: the model needs a column '" + f
                             + "' that the file does not have");
        featureColumn.push_back(static_cast<std::size_t>(it - header.begin()));
    }
    const std::string tmp = outPath + ".part";
    std::FILE *out = std::fopen(tmp.c_str(), "wb");
    if (!out)
        return Error(ErrorCode::Io, "cannot create " + tmp + ": " + std::strerror(errno));
    struct Closer
    {
        std::FILE *&f;
        std::string path;
        bool keep = false;
        ~Closer()
        {
            if (f)
                std::fclose(f);
            if (!keep)
                std::remove(path.c_str());
        }
    } closer{out, tmp};

    const std::size_t inW = model.inputWidth(), outW = model.outputWidth();
    const bool classifier = !model.classes().empty() && model.classes().size() == outW;
    std::string line;
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (i)
            line.push_back(',');
        appendCsvField(line, header[i]);
    }
    line += ",prediction";
    if (classifier)
        for (const auto &c : model.classes()) {
            line.push_back(',');
            appendCsvField(line, "prob_" + c);
        }
    line.push_back('\n');

    PredictSummary summary;
    const std::size_t batch = std::max<std::size_t>(1, options.batchSize);
    std::vector<float> x(batch * inW), y(batch * outW);
    std::vector<std::string> pending; // the input part of each batched row, already CSV-encoded
    pending.reserve(batch);
    std::vector<std::string_view> fields, features(featureColumn.size());
    Result<void> written = success();
    auto flush = [&]() -> Result<void> {
        if (!pending.empty())
            MDECK_TRY(model.predictor().predict(x.data(), pending.size(), y.data()));
        for (std::size_t r = 0; r < pending.size(); ++r) {
            line += pending[r];
            const float *p = &y[r * outW];
            line.push_back(',');
            if (classifier) {
                std::size_t best = 0;
                for (std::size_t c = 1; c < outW; ++c)
                    if (p[c] > p[best])
                        best = c;
                appendCsvField(line, model.classes()[best]);
                for (std::size_t c = 0; c < outW; ++c) {
                    line.push_back(',');
                    appendFloat(line, p[c]);
                }
            } else {
                appendFloat(line, p[0]);
            }
            line.push_back('\n');
        }
        summary.rowsWritten += pending.size();
        pending.clear();
        if (!line.empty() && std::fwrite(line.data(), 1, line.size(), out) != line.size())
            return Error(ErrorCode::Io, "cannot write " + tmp + ": " + std::strerror(errno));
        line.clear();
        return success();
    };
    for (;;) {
        if (stop.stop_requested())
            return Error(ErrorCode::Cancelled, "prediction cancelled");
        auto more = reader->next(fields);
        if (!more)
            return more.error();
        if (!*more)
            break;
        ++summary.rowsRead;
        for (std::size_t i = 0; i < featureColumn.size(); ++i)
            features[i] = fields[featureColumn[i]];
        auto ok = model.encode(features, &x[pending.size() * inW]);
        if (!ok) {
            const std::string where = inPath + ":" + std::to_string(reader->recordLine()) + ": "
                + ok.error().message;
            if (!options.skipBad)
                return Error(ErrorCode::InvalidArgument,
                             where + " (use --skip-bad to skip such rows)",
                             static_cast<int>(reader->recordLine()));
            ++summary.rowsSkipped;
            if (summary.skippedExamples.size() < 10)
                summary.skippedExamples.push_back(where);
            continue;
        }
        std::string encoded;
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i)
                encoded.push_back(',');
            appendCsvField(encoded, fields[i]);
        }
        pending.push_back(std::move(encoded));
        if (pending.size() == batch) {
            MDECK_TRY(flush());
            if (progress)
                progress(reader->bytesRead(), reader->totalBytes());
        }
    }
    MDECK_TRY(flush());
    if (std::fflush(out) != 0 || ::fsync(fileno(out)) != 0)
        return Error(ErrorCode::Io, "cannot write " + tmp + ": " + std::strerror(errno));
    std::fclose(out);
    out = nullptr;
    if (std::rename(tmp.c_str(), outPath.c_str()) != 0)
        return Error(ErrorCode::Io, "cannot rename onto " + outPath + ": " + std::strerror(errno));
    closer.keep = true;
    if (progress)
        progress(reader->totalBytes(), reader->totalBytes());
    return summary;
}

} // namespace mdeck::training
