#include "ui/drift/drift_snapshot.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cmath>

namespace mdeck::ui::drift {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(DriftSnapshot)
};

const QString kFormat = QStringLiteral("modeldeck-drift-view");
constexpr int kVersion = 1;

QJsonArray numbers(const std::vector<double> &v)
{
    QJsonArray a;
    for (double d : v)
        a.append(std::isfinite(d) ? QJsonValue(d) : QJsonValue());
    return a;
}

QJsonArray strings(const QStringList &v)
{
    QJsonArray a;
    for (const QString &s : v)
        a.append(s);
    return a;
}

// Reads fields and remembers the first one that was wrong.
class Reader
{
public:
    QString problem;

    void fail(const QString &field, const QString &what)
    {
        if (problem.isEmpty())
            problem = Tr::tr("field %1: %2").arg(field, what);
    }
    QJsonObject object(const QJsonValue &v, const QString &field)
    {
        if (!v.isObject())
            fail(field, Tr::tr("expected an object"));
        return v.toObject();
    }
    QJsonArray array(const QJsonValue &v, const QString &field, bool optional = false)
    {
        if (!v.isArray() && !(optional && v.isUndefined()))
            fail(field, Tr::tr("expected a list"));
        return v.toArray();
    }
    QString string(const QJsonValue &v, const QString &field)
    {
        if (!v.isString())
            fail(field, Tr::tr("expected text"));
        return v.toString();
    }
    double number(const QJsonValue &v, const QString &field)
    {
        if (v.isNull())
            return NAN;
        if (!v.isDouble())
            fail(field, Tr::tr("expected a number"));
        return v.toDouble(NAN);
    }
    bool boolean(const QJsonValue &v, const QString &field)
    {
        if (!v.isBool())
            fail(field, Tr::tr("expected true or false"));
        return v.toBool();
    }
    std::vector<double> numbers(const QJsonValue &v, const QString &field, bool optional = false)
    {
        std::vector<double> out;
        const QJsonArray a = array(v, field, optional);
        out.reserve(std::size_t(a.size()));
        for (qsizetype i = 0; i < a.size() && problem.isEmpty(); ++i)
            out.push_back(number(a[i], QStringLiteral("%1[%2]").arg(field).arg(i)));
        return out;
    }
    QStringList strings(const QJsonValue &v, const QString &field)
    {
        QStringList out;
        const QJsonArray a = array(v, field, true);
        for (qsizetype i = 0; i < a.size(); ++i)
            out.append(string(a[i], QStringLiteral("%1[%2]").arg(field).arg(i)));
        return out;
    }
};

} // namespace

QByteArray driftSnapshotJson(const DriftViewModel &m, qint64 createdMs)
{
    QJsonObject root;
    root[QStringLiteral("format")] = kFormat;
    root[QStringLiteral("version")] = kVersion;
    root[QStringLiteral("createdMs")] = double(createdMs);
    root[QStringLiteral("scope")] = QJsonObject{{QStringLiteral("id"), m.scope.id},
                                                {QStringLiteral("title"), m.scope.title}};
    QJsonArray methods, scores, features, windows, current, quality, performance, groups, alerts;
    for (int i = 0; i < m.methods.size(); ++i) {
        const DriftMethod &d = m.methods[i];
        methods.append(QJsonObject{{QStringLiteral("id"), d.id},
                                   {QStringLiteral("title"), d.title},
                                   {QStringLiteral("higherIsWorse"), d.higherIsWorse},
                                   {QStringLiteral("defaultThreshold"), d.defaultThreshold}});
        const MethodScores &s = m.scores[i];
        scores.append(QJsonObject{{QStringLiteral("scores"), numbers(s.scores)},
                                  {QStringLiteral("thresholds"), numbers(s.thresholds)},
                                  {QStringLiteral("bandMean"), numbers(s.bandMean)},
                                  {QStringLiteral("bandSigma"), numbers(s.bandSigma)}});
    }
    for (const FeatureInfo &f : m.features)
        features.append(QJsonObject{{QStringLiteral("name"), f.name},
                                    {QStringLiteral("categorical"), f.categorical},
                                    {QStringLiteral("edges"), numbers(f.edges)},
                                    {QStringLiteral("categories"), strings(f.categories)},
                                    {QStringLiteral("reference"), numbers(f.reference)}});
    for (const DriftWindow &w : m.windows)
        windows.append(QJsonArray{double(w.startMs), double(w.endMs), double(w.rows)});
    for (const std::vector<double> &c : m.current)
        current.append(numbers(c));
    for (const QualitySeries &q : m.quality)
        quality.append(QJsonObject{{QStringLiteral("name"), q.name},
                                   {QStringLiteral("values"), numbers(q.values)}});
    for (const PerformanceSeries &p : m.performance)
        performance.append(QJsonObject{{QStringLiteral("metric"), p.metric},
                                       {QStringLiteral("estimated"), p.estimated},
                                       {QStringLiteral("values"), numbers(p.values)},
                                       {QStringLiteral("lower"), numbers(p.lower)},
                                       {QStringLiteral("upper"), numbers(p.upper)}});
    for (const GroupStats &g : m.fairness.groups) {
        QJsonArray sizes;
        for (qint64 s : g.sizes)
            sizes.append(double(s));
        groups.append(QJsonObject{{QStringLiteral("group"), g.group},
                                  {QStringLiteral("sizes"), sizes},
                                  {QStringLiteral("positiveRate"), numbers(g.positiveRate)},
                                  {QStringLiteral("truePositiveRate"), numbers(g.truePositiveRate)}});
    }
    for (const DriftAlert &a : m.alerts)
        alerts.append(QJsonObject{{QStringLiteral("feature"), a.feature},
                                  {QStringLiteral("window"), a.window},
                                  {QStringLiteral("method"), a.method},
                                  {QStringLiteral("score"), a.score},
                                  {QStringLiteral("threshold"), a.threshold},
                                  {QStringLiteral("rule"), a.rule}});
    root[QStringLiteral("methods")] = methods;
    root[QStringLiteral("scores")] = scores;
    root[QStringLiteral("features")] = features;
    root[QStringLiteral("windows")] = windows;
    root[QStringLiteral("current")] = current;
    root[QStringLiteral("quality")] = quality;
    root[QStringLiteral("performance")] = performance;
    root[QStringLiteral("fairness")] = QJsonObject{
        {QStringLiteral("attribute"), m.fairness.attribute},
        {QStringLiteral("referenceGroup"), m.fairness.referenceGroup},
        {QStringLiteral("minGroupSize"), double(m.fairness.minGroupSize)},
        {QStringLiteral("groups"), groups}};
    root[QStringLiteral("alerts")] = alerts;
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

Result<bool> writeDriftSnapshot(const DriftViewModel &model, const QString &path)
{
    const QByteArray bytes = driftSnapshotJson(model, QDateTime::currentMSecsSinceEpoch());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Error(ErrorCode::Io,
                     Tr::tr("Cannot write %1: %2").arg(path, file.errorString()).toStdString());
    return true;
}

Result<DriftViewModel> parseDriftSnapshot(const QByteArray &bytes, const QString &name)
{
    auto invalid = [&name](const QString &what) {
        return Error(ErrorCode::InvalidArgument, Tr::tr("%1: %2").arg(name, what).toStdString());
    };
    if (bytes.trimmed().isEmpty())
        return invalid(Tr::tr("the file is empty."));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError) {
        const bool cut = error.offset >= bytes.trimmed().size() - 1
            || error.error == QJsonParseError::UnterminatedObject
            || error.error == QJsonParseError::UnterminatedArray
            || error.error == QJsonParseError::UnterminatedString;
        if (cut)
            return invalid(Tr::tr("the file ends early, at byte %1 of %2: it is truncated "
                                  "(an interrupted copy or download?). Export the snapshot again.")
                               .arg(error.offset)
                               .arg(bytes.size()));
        return invalid(Tr::tr("not a drift snapshot: damaged at byte %1 (%2).")
                           .arg(error.offset)
                           .arg(error.errorString()));
    }
    if (!doc.isObject())
        return invalid(Tr::tr("not a drift snapshot: the top level is not an object."));
    const QJsonObject root = doc.object();
    if (root.value(QStringLiteral("format")).toString() != kFormat)
        return invalid(Tr::tr("not a ModelDeck drift snapshot (no \"format\": \"%1\").").arg(kFormat));
    const int version = root.value(QStringLiteral("version")).toInt(0);
    if (version > kVersion)
        return Error(ErrorCode::Unsupported,
                     Tr::tr("%1: snapshot version %2 comes from a newer ModelDeck; this one reads "
                            "version %3.")
                         .arg(name)
                         .arg(version)
                         .arg(kVersion)
                         .toStdString());
    if (version < 1)
        return invalid(Tr::tr("field version: expected a number from 1."));

    Reader r;
    DriftViewModel m;
    const QJsonObject scope = r.object(root.value(QStringLiteral("scope")), QStringLiteral("scope"));
    m.scope.id = r.string(scope.value(QStringLiteral("id")), QStringLiteral("scope.id"));
    m.scope.title = r.string(scope.value(QStringLiteral("title")), QStringLiteral("scope.title"));
    const QJsonArray methods = r.array(root.value(QStringLiteral("methods")), QStringLiteral("methods"));
    for (qsizetype i = 0; i < methods.size(); ++i) {
        const QString f = QStringLiteral("methods[%1]").arg(i);
        const QJsonObject o = r.object(methods[i], f);
        m.methods.append({r.string(o.value(QStringLiteral("id")), f + QStringLiteral(".id")),
                          r.string(o.value(QStringLiteral("title")), f + QStringLiteral(".title")),
                          r.boolean(o.value(QStringLiteral("higherIsWorse")), f + QStringLiteral(".higherIsWorse")),
                          r.number(o.value(QStringLiteral("defaultThreshold")), f + QStringLiteral(".defaultThreshold"))});
    }
    const QJsonArray scores = r.array(root.value(QStringLiteral("scores")), QStringLiteral("scores"));
    for (qsizetype i = 0; i < scores.size(); ++i) {
        const QString f = QStringLiteral("scores[%1]").arg(i);
        const QJsonObject o = r.object(scores[i], f);
        m.scores.append({r.numbers(o.value(QStringLiteral("scores")), f + QStringLiteral(".scores")),
                         r.numbers(o.value(QStringLiteral("thresholds")), f + QStringLiteral(".thresholds")),
                         r.numbers(o.value(QStringLiteral("bandMean")), f + QStringLiteral(".bandMean")),
                         r.numbers(o.value(QStringLiteral("bandSigma")), f + QStringLiteral(".bandSigma"))});
    }
    const QJsonArray features = r.array(root.value(QStringLiteral("features")), QStringLiteral("features"));
    for (qsizetype i = 0; i < features.size(); ++i) {
        const QString f = QStringLiteral("features[%1]").arg(i);
        const QJsonObject o = r.object(features[i], f);
        FeatureInfo info;
        info.name = r.string(o.value(QStringLiteral("name")), f + QStringLiteral(".name"));
        info.categorical = r.boolean(o.value(QStringLiteral("categorical")), f + QStringLiteral(".categorical"));
        info.edges = r.numbers(o.value(QStringLiteral("edges")), f + QStringLiteral(".edges"), true);
        info.categories = r.strings(o.value(QStringLiteral("categories")), f + QStringLiteral(".categories"));
        info.reference = r.numbers(o.value(QStringLiteral("reference")), f + QStringLiteral(".reference"));
        m.features.append(info);
    }
    const QJsonArray windows = r.array(root.value(QStringLiteral("windows")), QStringLiteral("windows"));
    for (qsizetype i = 0; i < windows.size(); ++i) {
        const std::vector<double> w = r.numbers(windows[i], QStringLiteral("windows[%1]").arg(i));
        if (w.size() != 3 || !std::isfinite(w[0]) || !std::isfinite(w[1]) || !std::isfinite(w[2]))
            r.fail(QStringLiteral("windows[%1]").arg(i), Tr::tr("expected [start, end, rows]"));
        else
            m.windows.push_back({qint64(w[0]), qint64(w[1]), qint64(w[2])});
    }
    const QJsonArray current = r.array(root.value(QStringLiteral("current")), QStringLiteral("current"), true);
    for (qsizetype i = 0; i < current.size() && r.problem.isEmpty(); ++i)
        m.current.push_back(r.numbers(current[i], QStringLiteral("current[%1]").arg(i)));
    const QJsonArray quality = r.array(root.value(QStringLiteral("quality")), QStringLiteral("quality"), true);
    for (qsizetype i = 0; i < quality.size(); ++i) {
        const QString f = QStringLiteral("quality[%1]").arg(i);
        const QJsonObject o = r.object(quality[i], f);
        m.quality.append({r.string(o.value(QStringLiteral("name")), f + QStringLiteral(".name")),
                          r.numbers(o.value(QStringLiteral("values")), f + QStringLiteral(".values"))});
    }
    const QJsonArray performance = r.array(root.value(QStringLiteral("performance")), QStringLiteral("performance"), true);
    for (qsizetype i = 0; i < performance.size(); ++i) {
        const QString f = QStringLiteral("performance[%1]").arg(i);
        const QJsonObject o = r.object(performance[i], f);
        m.performance.append({r.string(o.value(QStringLiteral("metric")), f + QStringLiteral(".metric")),
                              r.boolean(o.value(QStringLiteral("estimated")), f + QStringLiteral(".estimated")),
                              r.numbers(o.value(QStringLiteral("values")), f + QStringLiteral(".values")),
                              r.numbers(o.value(QStringLiteral("lower")), f + QStringLiteral(".lower"), true),
                              r.numbers(o.value(QStringLiteral("upper")), f + QStringLiteral(".upper"), true)});
    }
    if (root.contains(QStringLiteral("fairness"))) {
        const QJsonObject o = r.object(root.value(QStringLiteral("fairness")), QStringLiteral("fairness"));
        m.fairness.attribute = o.value(QStringLiteral("attribute")).toString();
        m.fairness.referenceGroup = o.value(QStringLiteral("referenceGroup")).toString();
        m.fairness.minGroupSize = qint64(o.value(QStringLiteral("minGroupSize")).toDouble(30));
        const QJsonArray groups = r.array(o.value(QStringLiteral("groups")), QStringLiteral("fairness.groups"), true);
        for (qsizetype i = 0; i < groups.size(); ++i) {
            const QString f = QStringLiteral("fairness.groups[%1]").arg(i);
            const QJsonObject g = r.object(groups[i], f);
            GroupStats s;
            s.group = r.string(g.value(QStringLiteral("group")), f + QStringLiteral(".group"));
            for (double d : r.numbers(g.value(QStringLiteral("sizes")), f + QStringLiteral(".sizes")))
                s.sizes.push_back(std::isfinite(d) ? qint64(d) : 0);
            s.positiveRate = r.numbers(g.value(QStringLiteral("positiveRate")), f + QStringLiteral(".positiveRate"));
            s.truePositiveRate = r.numbers(g.value(QStringLiteral("truePositiveRate")), f + QStringLiteral(".truePositiveRate"));
            m.fairness.groups.append(s);
        }
    }
    const QJsonArray alerts = r.array(root.value(QStringLiteral("alerts")), QStringLiteral("alerts"), true);
    for (qsizetype i = 0; i < alerts.size(); ++i) {
        const QString f = QStringLiteral("alerts[%1]").arg(i);
        const QJsonObject o = r.object(alerts[i], f);
        DriftAlert a;
        a.feature = o.value(QStringLiteral("feature")).toInt(-1);
        a.window = o.value(QStringLiteral("window")).toInt(-1);
        a.method = o.value(QStringLiteral("method")).toInt(-1);
        a.score = r.number(o.value(QStringLiteral("score")), f + QStringLiteral(".score"));
        a.threshold = r.number(o.value(QStringLiteral("threshold")), f + QStringLiteral(".threshold"));
        a.rule = o.value(QStringLiteral("rule")).toString();
        m.alerts.push_back(a);
    }
    if (!r.problem.isEmpty())
        return invalid(r.problem);
    if (const QString wrong = m.validate(); !wrong.isEmpty())
        return invalid(wrong);
    for (std::size_t i = 0; i < m.alerts.size(); ++i) {
        const DriftAlert &a = m.alerts[i];
        if (a.feature < 0 || a.feature >= m.featureCount() || a.window < 0
            || a.window >= m.windowCount() || a.method < 0 || a.method >= m.methods.size())
            return invalid(Tr::tr("field alerts[%1]: names a feature, window or method that the "
                                  "snapshot does not have")
                               .arg(i));
    }
    return m;
}

Result<DriftViewModel> readDriftSnapshot(const QString &path)
{
    QFile file(path);
    const QString name = QFileInfo(path).fileName();
    if (!file.open(QIODevice::ReadOnly))
        return Error(ErrorCode::Io, Tr::tr("Cannot open %1: %2").arg(path, file.errorString()).toStdString());
    if (file.size() > kMaxSnapshotBytes)
        return Error(ErrorCode::InvalidArgument,
                     Tr::tr("%1 is %2 MB; drift snapshots larger than %3 MB are refused.")
                         .arg(name)
                         .arg(file.size() >> 20)
                         .arg(kMaxSnapshotBytes >> 20)
                         .toStdString());
    return parseDriftSnapshot(file.readAll(), name);
}

} // namespace mdeck::ui::drift
