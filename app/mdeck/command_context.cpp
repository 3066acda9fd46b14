#include "app/mdeck/command_context.h"

#include "core/auth/auth.h"
#include "core/training/training_job.h"

#include <ostream>

namespace mdeck::cli {

CommandContext::CommandContext(GlobalOptions options, std::ostream &out, std::ostream &err)
    : m_options(std::move(options))
    , m_out(out)
    , m_err(err)
{}

// The registry and the directory refer to the workspace's database: drop them first.
CommandContext::~CommandContext()
{
    m_registry.reset();
    m_users.reset();
    m_workspace.reset();
}

Result<store::Workspace *> CommandContext::workspace()
{
    if (!m_workspace) {
        auto ws = store::Workspace::open(m_options.workspace, m_readOnly);
        if (!ws)
            return ws.error();
        m_workspace = std::move(*ws);
    }
    return m_workspace.get();
}

void CommandContext::adoptWorkspace(std::unique_ptr<store::Workspace> workspace)
{
    m_registry.reset();
    m_users.reset();
    m_actor.reset();
    m_workspace = std::move(workspace);
}

Result<registry::ModelRegistry *> CommandContext::registry()
{
    if (!m_registry) {
        auto ws = workspace();
        if (!ws)
            return ws.error();
        m_registry = std::make_unique<registry::ModelRegistry>(**ws, training::artifactValidator());
    }
    return m_registry.get();
}

Result<auth::UserDirectory *> CommandContext::users()
{
    if (!m_users) {
        auto ws = workspace();
        if (!ws)
            return ws.error();
        m_users = std::make_unique<auth::UserDirectory>((*ws)->db());
    }
    return m_users.get();
}

Result<auth::Actor> CommandContext::actor()
{
    if (!m_actor) {
        auto dir = users();
        if (!dir)
            return dir.error();
        auto resolved = (*dir)->resolve(m_options.token, auth::osLogin());
        if (!resolved)
            return resolved.error();
        m_actor = std::move(*resolved);
    }
    return *m_actor;
}

void CommandContext::printJson(const Json &value)
{
    // Replace rather than throw on text that is not UTF-8: output must never abort a command.
    m_out << value.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

void CommandContext::warn(const std::string &message)
{
    m_err << "mdeck: warning: " << message << '\n';
}

} // namespace mdeck::cli
