#pragma once

// What the files that wire verbs to CLI11 share: the chosen verb and the
// validators that turn our Result-returning checks into usage errors. Each
// group of verbs has one `*_cli.cpp` with an add…Commands() function; they and
// cli_app.cpp are the only files that include CLI11.

#include "app/mdeck/arguments.h"
#include "app/mdeck/command_context.h"
#include "core/auth/auth.h"

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>

namespace mdeck::cli {

using Run = std::function<Result<void>(CommandContext &)>;

// The verb chosen by the parser, set from its subcommand's callback.
struct Selection
{
    Run run;
    // Whether the verb needs a workspace folder: all but --version do (init creates it).
    bool needsWorkspace = true;
    // `mdeck init [DIR]`: the positional folder, which wins over --workspace.
    std::shared_ptr<std::string> initDir;
};

template<typename Options, typename Fn>
void select(CLI::App *sub, Selection &sel, std::shared_ptr<Options> options, Fn fn)
{
    sub->callback([&sel, options, fn] {
        sel.run = [options, fn](CommandContext &ctx) {
            return fn(ctx, *options);
        };
    });
}

inline void selectPlain(CLI::App *sub, Selection &sel, Result<void> (*fn)(CommandContext &))
{
    sub->callback([&sel, fn] { sel.run = fn; });
}

// Turns one of our Result-returning checks into a CLI11 validator, so that a
// malformed value is a usage error (exit status 2) that names the option.
template<typename Check>
CLI::Validator validator(Check check, const std::string &description)
{
    return CLI::Validator(
        [check](std::string &value) -> std::string {
            auto result = check(value);
            return result ? std::string() : result.error().message;
        },
        description);
}

inline CLI::Validator keyValue(const std::string &what)
{
    return validator([what](const std::string &v) { return parseKeyValues({v}, what); },
                     "KEY=VALUE");
}

inline CLI::Validator roleName()
{
    return validator([](const std::string &v) { return auth::parseRole(v); }, "ROLE");
}

// Each adds one group of verbs; defined in the group's *_cli.cpp.
// (Groups wired in cli_app.cpp itself are not listed.)
void addDeployCommands(CLI::App &app, Selection &sel);  // deploy_cli.cpp
void addRolloutCommands(CLI::App &app, Selection &sel); // deploy_cli.cpp
void addServeCommands(CLI::App &app, Selection &sel);   // serve_cli.cpp
void addPipelineCommands(CLI::App &app, Selection &sel);
void addProbeCommands(CLI::App &app, Selection &sel);
void addDriftCommands(CLI::App &app, Selection &sel);
void addProbeCommands(CLI::App &app, Selection &sel); // probe_cli.cpp

} // namespace mdeck::cli
