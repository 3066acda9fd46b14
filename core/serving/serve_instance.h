#pragma once

// A running server's row in the workspace (serve_instances), so the console
// and other processes can find it: written at start with an audit entry,
// its heartbeat refreshed every second by a thread of its own, deleted (and
// audited) at a clean stop. A row whose heartbeat is older than a few seconds
// belongs to a server that died. Errors: those of store::Database.

#include "core/auth/auth.h"
#include "core/store/database.h"

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mdeck::serving {

struct ServeInstanceInfo
{
    std::int64_t id = 0;
    std::string url;
    std::int64_t pid = 0;
    std::string host;
    std::int64_t startedAt = 0;
    std::int64_t heartbeatAt = 0;
    bool alive = false; // heartbeat within the last 5 s
};

class ServeInstance
{
public:
    static Result<std::unique_ptr<ServeInstance>> announce(store::Database &db,
                                                           const auth::Actor &actor,
                                                           const std::string &url);
    ~ServeInstance(); // withdraw()
    ServeInstance(const ServeInstance &) = delete;
    ServeInstance &operator=(const ServeInstance &) = delete;

    // Stops the heartbeat and deletes the row.
    Result<void> withdraw();
    std::int64_t id() const { return m_id; }

    static Result<std::vector<ServeInstanceInfo>> list(store::Database &db);

private:
    ServeInstance(store::Database &db, auth::Actor actor, std::int64_t id);
    store::Database &m_db;
    auth::Actor m_actor;
    std::int64_t m_id;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stop = false;
    std::thread m_heartbeat;
};

} // namespace mdeck::serving
