#include "test_support.h"

#include "core/common/files.h"
#include "core/common/signature_json.h"

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

} // namespace mdeck::test
