#pragma once

// What every verb of `mdeck` shares: the global options, the output streams,
// and the workspace, registry, user directory and acting identity, each
// opened on first use and kept for the rest of the command. One per process
// and one thread. Errors: those of store::Workspace and auth::UserDirectory.

#include "core/auth/user_directory.h"
#include "core/common/json.h"
#include "core/registry/model_registry.h"
#include "core/store/workspace.h"

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

namespace mdeck::cli {

struct GlobalOptions
{
    std::string workspace;            // --workspace, else $MODELDECK_WORKSPACE; "" = none given
    std::optional<std::string> token; // --token, else $MODELDECK_TOKEN
    bool json = false;
};

class CommandContext
{
public:
    CommandContext(GlobalOptions options, std::ostream &out, std::ostream &err);
    ~CommandContext();

    const GlobalOptions &options() const { return m_options; }
    bool json() const { return m_options.json; }
    std::ostream &out() { return m_out; }
    std::ostream &err() { return m_err; }

    // Called first by verbs that never write: the workspace is then opened
    // read-only, so they take no write lock and work on read-only files.
    void readOnly() { m_readOnly = true; }
    // Opens the existing workspace named by the global options.
    Result<store::Workspace *> workspace();
    // Takes over a workspace this command created (mdeck init).
    void adoptWorkspace(std::unique_ptr<store::Workspace> workspace);
    // The registry, checking "modeldeck" packages and TorchScript artifacts before they are
    // accepted (training::artifactValidator()).
    Result<registry::ModelRegistry *> registry();
    Result<auth::UserDirectory *> users();
    // The token's owner, else the user bound to this process's OS account (never $USER).
    Result<auth::Actor> actor();

    // Writes `value` as indented JSON and a newline on stdout.
    void printJson(const Json &value);
    // "mdeck: warning: <message>" on stderr.
    void warn(const std::string &message);

private:
    GlobalOptions m_options;
    std::ostream &m_out;
    std::ostream &m_err;
    std::unique_ptr<store::Workspace> m_workspace;
    std::unique_ptr<registry::ModelRegistry> m_registry;
    std::unique_ptr<auth::UserDirectory> m_users;
    std::optional<auth::Actor> m_actor;
    bool m_readOnly = false;
};

} // namespace mdeck::cli
