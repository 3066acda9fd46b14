#include "app/mdeck/cli_wiring.h"
#include "app/mdeck/serve_commands.h"

// Wires `mdeck serve` to CLI11.

namespace mdeck::cli {

void addServeCommands(CLI::App &app, Selection &sel)
{
    auto o = std::make_shared<ServeOptions>();
    CLI::App *sub = app.add_subcommand(
        "serve",
        "Serve the workspace's deployments over HTTP (Open Inference Protocol) until Ctrl-C or "
        "SIGTERM");
    sub->add_option("--host", o->host, "address to listen on (default: 127.0.0.1)");
    sub->add_option("--port", o->port, "TCP port; 0 picks a free one (default: 8080)")
        ->check(CLI::Range(0, 65535));
    sub->add_option("--tls-cert", o->tlsCert, "PEM certificate: serve HTTPS")
        ->check(CLI::ExistingFile);
    sub->add_option("--tls-key", o->tlsKey, "PEM private key of --tls-cert")
        ->check(CLI::ExistingFile);
    sub->add_option("--io-threads", o->ioThreads,
                    "event-loop threads for HTTP connections (default: one per core it may run on, "
                    "at most 4)")
        ->check(CLI::Range(0, 64));
    sub->add_option("--workers", o->workers,
                    "model-call threads (default: one per core it may run on)")
        ->check(CLI::Range(1, 256));
    sub->add_option("--max-body", o->maxBody, "largest request body in bytes (default: 8 MiB)")
        ->check(CLI::Range(std::uint64_t(1024), std::uint64_t(1) << 30));
    sub->add_option("--max-batch-rows", o->maxBatchRows, "most rows in one request (default: 1024)")
        ->check(CLI::Range(1, 1000000));
    sub->add_option("--max-header-bytes", o->maxHeaderBytes,
                    "largest request head (line and headers) in bytes (default: 16384)")
        ->check(CLI::Range(1024, 1 << 20));
    sub->add_option("--max-connections", o->maxConnections,
                    "open connections before new ones get 503 (default: 256)")
        ->check(CLI::Range(1, 10000));
    sub->add_option("--max-batch-size", o->maxBatchSize,
                    "rows merged into one model call for --model routes (default: 32)")
        ->check(CLI::Range(1, 4096));
    sub->add_option("--max-queue-delay-us", o->maxQueueDelayUs,
                    "how long a busy queue waits for more rows, µs (default: 500)")
        ->check(CLI::Range(0, 10000000));
    sub->add_option("--idle-timeout", o->idleTimeout,
                    "seconds an idle keep-alive connection stays open (default: 5)")
        ->check(CLI::Range(0.1, 3600.0));
    sub->add_option("--request-timeout", o->requestTimeout,
                    "seconds a client has to send one whole request (default: 10)")
        ->check(CLI::Range(0.1, 3600.0));
    sub->add_flag("--require-token", o->requireToken,
                  "inference and feedback need Authorization: Bearer <API token>");
    sub->add_flag("--no-log", o->noLog, "do not write predictions to the workspace");
    sub->add_option("--log-max-lag", o->logMaxLag,
                    "seconds the prediction table may fall behind under load before loading it "
                    "competes with requests (default: 10)")
        ->check(CLI::Range(0.0, 86400.0));
    sub->add_option("--model", o->models,
                    "also serve NAME, NAME:VERSION or NAME@ALIAS as a deployment named after the "
                    "model (repeatable; an alias is followed when it moves)");
    select(sub, sel, o, serve);
}

} // namespace mdeck::cli
