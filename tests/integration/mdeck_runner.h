#pragma once

// Runs the real `mdeck` executable for the integration tests, the way a user
// or a CI job does: a separate process, a real workspace folder, and only the
// environment the test gives it (MODELDECK_* from the developer's shell never
// leak in). Header-only; used from the test thread.

#include <QByteArray>
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSet>
#include <QString>
#include <QStringList>

namespace mdeck::test {

using namespace Qt::StringLiterals;

inline QString mdeckBinary()
{
    return QStringLiteral(MDECK_BINARY_DIR "/app/mdeck/mdeck");
}

inline QString dataFile(const QString &relative)
{
    return QStringLiteral(MDECK_TEST_DATA_DIR) + u'/' + relative;
}

inline QString modelFile()
{
    return dataFile(u"models/breast_cancer_mlp.torchscript.pt"_s);
}

inline QString signatureFile()
{
    return dataFile(u"models/breast_cancer_mlp.signature.json"_s);
}

struct CliResult
{
    int exitCode = -1;
    bool finished = false;
    QByteArray out;
    QByteArray err;

    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    bool jsonParses() const
    {
        QJsonParseError e;
        const QJsonDocument doc = QJsonDocument::fromJson(out, &e);
        return e.error == QJsonParseError::NoError && doc.isObject();
    }
    // For QVERIFY2 messages.
    QByteArray describe() const
    {
        return "exit " + QByteArray::number(exitCode) + "\n--- stdout\n" + out.left(4000)
            + "\n--- stderr\n" + err.left(4000);
    }
};

class MdeckRunner
{
public:
    explicit MdeckRunner(QString workspace = {})
        : m_workspace(std::move(workspace))
    {
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.remove(u"MODELDECK_WORKSPACE"_s);
        m_env.remove(u"MODELDECK_TOKEN"_s);
    }

    const QString &workspace() const { return m_workspace; }
    QProcessEnvironment &environment() { return m_env; }

    // Starts `mdeck --workspace <ws> args...`; the caller waits.
    QProcess *start(const QStringList &args, QObject *parent = nullptr) const
    {
        auto *p = new QProcess(parent);
        p->setProcessEnvironment(m_env);
        QStringList all;
        if (!m_workspace.isEmpty())
            all << u"--workspace"_s << m_workspace;
        all << args;
        p->start(mdeckBinary(), all);
        return p;
    }

    static CliResult collect(QProcess &p, int timeoutMs = 60000)
    {
        CliResult r;
        r.finished = p.waitForFinished(timeoutMs);
        r.exitCode = r.finished && p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    CliResult run(const QStringList &args) const
    {
        QProcess *p = start(args);
        CliResult r = collect(*p);
        delete p;
        return r;
    }

private:
    QString m_workspace;
    QProcessEnvironment m_env;
};

inline QByteArray sha256Of(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return h.result().toHex();
}

// Every regular file under `dir`, relative paths.
inline QSet<QString> filesUnder(const QString &dir)
{
    QSet<QString> out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        out.insert(QDir(dir).relativeFilePath(it.next()));
    return out;
}

inline bool writeBytes(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

inline QByteArray readBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace mdeck::test
