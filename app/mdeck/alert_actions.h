#pragma once

// Binds the actions of alert rules to the engine: `rollback` rolls back the
// named deployment's rollout through core/deploy, `pipeline` queues a run of
// the named stored pipeline and executes it on a background thread, and
// `webhook` posts through core/net. Every action runs as the watching user,
// whose role must allow it (a rollback needs a release manager, an admin or
// the rollout's requester); a refusal is recorded as the action's outcome.

#include "app/mdeck/command_context.h"
#include "core/monitor/rules.h"

#include <memory>

namespace mdeck::cli {

class AlertActionRunner
{
public:
    AlertActionRunner(store::Workspace &workspace, registry::ModelRegistry &registry,
                      auth::Actor actor, int webhookAttempts);
    ~AlertActionRunner(); // waits for the pipeline runs it started

    const monitor::ActionHandlers &handlers() const { return m_handlers; }
    // Asks the pipeline runs still going to stop (they end as cancelled).
    void requestStop();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
    monitor::ActionHandlers m_handlers;
};

} // namespace mdeck::cli
