#include "test_support.h"

#include "core/common/files.h"
#include "core/common/signature_json.h"
#include "core/store/prediction_store.h"

namespace mdeck::test {

QString dataPath(const char *relative)
{
    return QStringLiteral(MDECK_TEST_DATA_DIR "/") + QString::fromUtf8(relative);
}

std::string dataFile(const char *relative)
{
    return dataPath(relative).toStdString();
}

Signature shippedSignature()
{
    const auto text = readFile(dataFile("models/breast_cancer_mlp.signature.json")).value();
    return parseSignature(text, "signature").value();
}

ScratchWorkspace::ScratchWorkspace()
{
    auto created = store::Workspace::create(dir.path().toStdString() + "/ws");
    if (!created)
        qFatal("cannot create workspace: %s", created.error().message.c_str());
    ws = std::move(*created);
    users = std::make_unique<auth::UserDirectory>(ws->db());
    admin = users->bootstrap(auth::osLogin()).value();
}

std::string ScratchWorkspace::path(const char *name) const
{
    return dir.path().toStdString() + "/" + name;
}

std::string ScratchWorkspace::writeFile(const char *name, const std::string &content) const
{
    const std::string p = path(name);
    if (!writeFileAtomic(p, content))
        qFatal("cannot write %s", p.c_str());
    return p;
}

Result<void> copyPredictionsToTemp(store::Database &db)
{
    auto tx = db.begin();
    if (!tx)
        return tx.error();
    MDECK_TRY(db.exec("DROP TABLE IF EXISTS temp.predictions;"
                      "CREATE TEMP TABLE predictions (id INTEGER PRIMARY KEY, time INTEGER, "
                      "deployment TEXT, version_id INTEGER, role TEXT, request_id TEXT, "
                      "row INTEGER, inputs TEXT, outputs TEXT, latency_us INTEGER)"));
    auto ins = db.prepare("INSERT INTO temp.predictions VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                          "?9, ?10)");
    if (!ins)
        return ins.error();
    Result<void> inserted;
    MDECK_TRY(store::forEachPrediction(db, {}, [&](const store::PredictionEntry &e) {
        ins->reset();
        ins->bind(1, e.id)
            .bind(2, e.timeMs)
            .bind(3, e.deployment)
            .bind(4, e.versionId)
            .bind(5, e.role)
            .bind(6, e.requestId)
            .bind(7, e.row)
            .bind(8, e.inputs)
            .bind(9, e.outputs)
            .bind(10, e.latencyUs);
        inserted = ins->run();
        return inserted.ok();
    }));
    MDECK_TRY(inserted);
    return tx->commit();
}

} // namespace mdeck::test
