#include "app/mdeck/commands.h"

#include "app/mdeck/job_support.h"
#include "app/mdeck/text_table.h"
#include "core/training/batch_predict.h"
#include "core/training/loaded_model.h"

#include <ostream>

namespace mdeck::cli {

Result<void> predictFile(CommandContext &ctx, const PredictFileOptions &o)
{
    ctx.readOnly(); // predicting writes the output file, never the workspace
    auto ref = training::parseModelReference(o.reference);
    if (!ref)
        return ref.error();
    auto reg = ctx.registry();
    if (!reg)
        return reg.error();
    MDECK_TRY(ctx.actor());
    auto model = training::LoadedModel::load(**reg, ref->first, ref->second);
    if (!model)
        return model.error();

    training::PredictOptions options;
    options.skipBad = o.skipBad;
    options.batchSize = static_cast<std::size_t>(o.batchSize);
    InterruptGuard interrupt;
    ProgressLine line(ctx.err(), "predicting", o.quiet || ctx.json());
    auto summary = training::predictCsv(
        *model, o.in, o.out, options,
        [&](std::uint64_t done, std::uint64_t total) {
            line.update(total ? static_cast<double>(done) / static_cast<double>(total) : 0);
        },
        interrupt.token());
    line.finish();
    if (!summary) {
        if (interrupt.interrupted())
            return Error(ErrorCode::Cancelled, "prediction cancelled; " + o.out + " not written");
        return summary.error();
    }

    const registry::ModelVersion &v = model->version();
    if (ctx.json()) {
        ctx.printJson(Json{{"model", v.model},
                           {"version", v.version},
                           {"input", o.in},
                           {"output", o.out},
                           {"rows_read", summary->rowsRead},
                           {"rows_written", summary->rowsWritten},
                           {"rows_skipped", summary->rowsSkipped},
                           {"skipped_examples", summary->skippedExamples}});
        return success();
    }
    FieldList f;
    f.add("Model", v.model + ":" + std::to_string(v.version));
    f.add("Output", o.out);
    f.add("Rows read", std::to_string(summary->rowsRead));
    f.add("Rows written", std::to_string(summary->rowsWritten));
    f.add("Rows skipped", std::to_string(summary->rowsSkipped));
    f.print(ctx.out());
    if (!summary->skippedExamples.empty()) {
        ctx.out() << "First skipped rows:\n";
        for (const auto &reason : summary->skippedExamples)
            ctx.out() << "  " << cellText(reason) << '\n';
    }
    return success();
}

} // namespace mdeck::cli
