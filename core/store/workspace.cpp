#include "core/store/workspace.h"

#include "core/common/files.h"
#include "core/common/sha256.h"
#include "core/common/text.h"

#include <filesystem>
#include <random>

namespace mdeck::store {

std::string Workspace::databasePath(const std::string &dir)
{
    return dir + "/modeldeck.db";
}

Result<std::unique_ptr<Workspace>> Workspace::create(const std::string &dir)
{
    return openImpl(dir, true, false);
}

Result<std::unique_ptr<Workspace>> Workspace::open(const std::string &dir, bool readOnly)
{
    return openImpl(dir, false, readOnly);
}

Result<std::unique_ptr<Workspace>> Workspace::openImpl(const std::string &dirIn, bool create,
                                                       bool readOnly)
{
    std::error_code ec;
    std::string dir = std::filesystem::absolute(dirIn, ec).lexically_normal().string();
    if (ec || dirIn.empty())
        return Error(ErrorCode::InvalidArgument, "invalid workspace folder '" + dirIn + "'");
    if (dir.size() > 1 && dir.back() == '/')
        dir.pop_back();
    if (create) {
        MDECK_TRY(makeDirs(dir));
        MDECK_TRY(makeDirs(dir + "/artifacts"));
    } else if (!std::filesystem::is_directory(dir, ec)) {
        return Error(ErrorCode::NotFound, "workspace folder " + dir + " does not exist");
    } else if (!fileExists(databasePath(dir))) {
        return Error(
            ErrorCode::NotFound,
            dir + " is not a ModelDeck workspace (no modeldeck.db); create one with 'mdeck init'");
    }
    OpenOptions opts;
    opts.create = create;
    opts.readOnly = readOnly;
    auto db = Database::open(databasePath(dir), opts);
    if (!db)
        return db.error();
    auto ws = std::unique_ptr<Workspace>(new Workspace);
    ws->m_dir = dir;
    ws->m_db = std::move(*db);
    Database &d = *ws->m_db;
    auto readId = [&d]() -> Result<std::string> {
        auto tx = d.beginRead();
        if (!tx)
            return tx.error();
        auto st = d.prepare("SELECT value FROM meta WHERE key = 'workspace_id'");
        if (!st)
            return st.error();
        auto row = st->step();
        if (!row)
            return row.error();
        return *row ? st->text(0) : std::string();
    };
    auto existing = readId();
    if (!existing)
        return existing.error();
    // Only a new workspace is written to on open; opening an existing one is a pure read.
    if (existing->empty() && !readOnly) {
        auto tx = d.begin();
        if (!tx)
            return tx.error();
        auto st = d.prepare("INSERT OR IGNORE INTO meta(key, value) VALUES ('workspace_id', ?1)");
        if (!st)
            return st.error();
        std::random_device rd;
        std::string seed = std::to_string(rd()) + std::to_string(rd()) + std::to_string(nowMillis())
            + dir;
        st->bind(1, Sha256::hex(seed).substr(0, 32));
        MDECK_TRY(st->run());
        MDECK_TRY(tx->commit());
        existing = readId();
        if (!existing)
            return existing.error();
    }
    ws->m_id = *existing;
    return ws;
}

} // namespace mdeck::store
