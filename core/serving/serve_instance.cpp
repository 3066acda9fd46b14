#include "core/serving/serve_instance.h"

#include "core/auth/audit_log.h"
#include "core/common/text.h"
#include "core/serving/serving_stats.h"

#include <unistd.h>

namespace mdeck::serving {

namespace {

std::string hostName()
{
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0)
        return "localhost";
    return buf;
}

} // namespace

Result<std::unique_ptr<ServeInstance>> ServeInstance::announce(store::Database &db,
                                                               const auth::Actor &actor,
                                                               const std::string &url)
{
    auto tx = db.begin();
    if (!tx)
        return tx.error();
    auto st = db.prepare("INSERT INTO serve_instances (url, pid, host, started_at, heartbeat_at) "
                         "VALUES (?, ?, ?, ?, ?)");
    if (!st)
        return st.error();
    const std::int64_t now = nowMillis();
    st->bind(1, url).bind(2, static_cast<std::int64_t>(::getpid())).bind(3, hostName());
    st->bind(4, now).bind(5, now);
    MDECK_TRY(st->run());
    const std::int64_t id = db.lastInsertId();
    MDECK_TRY(auth::AuditLog::append(db, actor, "serve.start", "serve:" + std::to_string(id),
                                     Json{{"url", url}, {"pid", ::getpid()}}));
    MDECK_TRY(tx->commit());
    return std::unique_ptr<ServeInstance>(new ServeInstance(db, actor, id));
}

ServeInstance::ServeInstance(store::Database &db, auth::Actor actor, std::int64_t id)
    : m_db(db)
    , m_actor(std::move(actor))
    , m_id(id)
{
    m_heartbeat = std::thread([this] {
        std::unique_lock lock(m_mutex);
        while (!m_cv.wait_for(lock, std::chrono::seconds(1), [&] { return m_stop; })) {
            lock.unlock();
            // A busy database delays one beat; the next one catches up.
            if (auto tx = m_db.begin()) {
                if (auto st = m_db.prepare(
                        "UPDATE serve_instances SET heartbeat_at = ? WHERE id = ?")) {
                    st->bind(1, nowMillis()).bind(2, m_id);
                    if (st->run())
                        (void) tx->commit();
                }
            }
            lock.lock();
        }
    });
}

ServeInstance::~ServeInstance()
{
    (void) withdraw();
}

Result<void> ServeInstance::withdraw()
{
    {
        const std::lock_guard lock(m_mutex);
        if (m_stop)
            return success();
        m_stop = true;
    }
    m_cv.notify_all();
    if (m_heartbeat.joinable())
        m_heartbeat.join();
    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto st = m_db.prepare("DELETE FROM serve_instances WHERE id = ?");
    if (!st)
        return st.error();
    st->bind(1, m_id);
    MDECK_TRY(st->run());
    MDECK_TRY(auth::AuditLog::append(m_db, m_actor, "serve.stop", "serve:" + std::to_string(m_id),
                                     Json::object()));
    return tx->commit();
}

Result<std::vector<ServeInstanceInfo>> ServeInstance::list(store::Database &db)
{
    auto tx = db.beginRead();
    if (!tx)
        return tx.error();
    auto st = db.prepare("SELECT id, url, pid, host, started_at, heartbeat_at FROM serve_instances "
                         "ORDER BY id");
    if (!st)
        return st.error();
    std::vector<ServeInstanceInfo> out;
    const std::int64_t now = nowMillis();
    for (;;) {
        auto row = st->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        ServeInstanceInfo i{st->int64(0), st->text(1),  st->int64(2), st->text(3),
                            st->int64(4), st->int64(5), false};
        i.alive = now - i.heartbeatAt < 5000;
        out.push_back(std::move(i));
    }
    return out;
}

} // namespace mdeck::serving
