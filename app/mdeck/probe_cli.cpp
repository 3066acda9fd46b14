#include "app/mdeck/cli_wiring.h"
#include "app/mdeck/job_support.h"
#include "app/mdeck/probe_commands.h"
#include "app/mdeck/text_table.h"
#include "core/net/oip_probe.h"

#include <cstdio>
#include <ostream>

namespace mdeck::cli {

namespace {

std::string fixed(double value, int decimals)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

const char *mark(net::CheckStatus s)
{
    switch (s) {
    case net::CheckStatus::Pass:
        return "PASS";
    case net::CheckStatus::Fail:
        return "FAIL";
    case net::CheckStatus::Skip:
        return "SKIP";
    }
    return "SKIP";
}

void printReport(std::ostream &out, const net::ProbeReport &r)
{
    out << "Open Inference Protocol probe of " << r.url;
    if (!r.model.empty())
        out << " (model " << r.model << ")";
    out << "\n\n";
    TextTable t({"", "CHECK", "DETAIL"});
    for (const auto &c : r.checks)
        t.addRow({mark(c.status), c.title, c.detail});
    t.print(out);
    if (r.load) {
        const auto &l = *r.load;
        const auto &s = l.stats;
        out << "\nLoad: " << l.concurrency << (l.concurrency == 1 ? " client, " : " clients, ")
            << l.requests << " requests, " << l.errors << " failed, " << s.windows << " windows"
            << (s.stable ? " (stable)" : " (not stable)") << "\n";
        TextTable lt({"P50 ms", "P90 ms", "P99 ms", "MAX ms", "REQ/S", "± 95% CI"});
        for (std::size_t i = 0; i < 6; ++i)
            lt.alignRight(i);
        lt.addRow({fixed(s.p50Us / 1000, 2), fixed(s.p90Us / 1000, 2), fixed(s.p99Us / 1000, 2),
                   fixed(s.maxUs / 1000, 2), fixed(s.throughput, 1),
                   fixed((s.throughputCiHigh - s.throughputCiLow) / 2, 1)});
        lt.print(out);
    }
    int passed = 0, skipped = 0;
    for (const auto &c : r.checks) {
        passed += c.status == net::CheckStatus::Pass;
        skipped += c.status == net::CheckStatus::Skip;
    }
    out << "\n"
        << r.checks.size() << " checks: " << passed << " passed, " << r.failed() << " failed, "
        << skipped << " skipped\n";
}

} // namespace

Result<void> probeServer(CommandContext &ctx, const ProbeCliOptions &o)
{
    net::ProbeOptions p;
    p.url = o.url;
    p.model = o.model;
    p.modelVersion = o.modelVersion;
    p.durationS = o.durationS;
    p.concurrency = o.concurrency;
    p.timeoutMs = o.timeoutMs;
    if (!o.inputJson.empty()) {
        auto inputs = net::readProbeInputs(o.inputJson);
        if (!inputs)
            return inputs.error();
        p.inputs = *inputs;
    }
    MDECK_TRY(net::validateProbeOptions(p));
    net::ClientConfig config;
    config.userAgent = "mdeck-probe";
    config.caFile = o.caFile;
    const net::HttpClient client(config);
    InterruptGuard interrupt;
    ProgressLine line(ctx.err(), "measuring load", o.quiet || ctx.json() || o.durationS <= 0);
    auto report = net::runProbe(
        client, p,
        [&](const net::ProbeCheck *check, double fraction) {
            if (!check)
                line.update(fraction);
        },
        interrupt.token());
    line.finish();
    if (!report)
        return report.error();
    if (ctx.json())
        ctx.printJson(net::probeReportToJson(*report));
    else
        printReport(ctx.out(), *report);
    if (!report->passed())
        return Error(ErrorCode::Conflict,
                     std::to_string(report->failed()) + " of "
                         + std::to_string(report->checks.size()) + " conformance checks failed");
    return success();
}

void addProbeCommands(CLI::App &app, Selection &sel)
{
    auto o = std::make_shared<ProbeCliOptions>();
    CLI::App *sub = app.add_subcommand(
        "probe",
        "Check an Open Inference Protocol (KServe V2) server for conformance; measure "
        "its latency and throughput");
    sub->add_option("URL", o->url, "the server's base URL, e.g. http://127.0.0.1:8080")
        ->required()
        ->check(validator([](const std::string &v) { return net::validateUrl(v); }, "URL"));
    sub->add_option("--model", o->model,
                    "the model to check (default: the first of the server's repository index)");
    sub->add_option("--model-version", o->modelVersion,
                    "the model version (default: the server's choice)");
    sub->add_option("--input-json", o->inputJson,
                    "JSON file with the inference inputs (default: zeros shaped by the model's "
                    "metadata)");
    sub->add_option("--duration", o->durationS,
                    "longest load measurement in seconds, cut into 10 windows; 0 = checks only "
                    "(default: 10)")
        ->check(CLI::Range(0.0, 3600.0));
    sub->add_option("--concurrency", o->concurrency, "clients sending at once (default: 1)")
        ->check(CLI::Range(1, 256));
    sub->add_option("--timeout-ms", o->timeoutMs, "limit of each request (default: 5000)")
        ->check(CLI::Range(1, 600000));
    sub->add_option("--ca-file", o->caFile, "PEM file of the CA that signed an https server");
    sub->add_flag("--quiet,-q", o->quiet, "no progress on stderr");
    sub->callback([&sel, o] {
        sel.needsWorkspace = false;
        sel.run = [o](CommandContext &ctx) {
            return probeServer(ctx, *o);
        };
    });
}

} // namespace mdeck::cli
