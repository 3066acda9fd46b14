#include "core/deploy/evidence.h"

#include "core/common/sha256.h"
#include "core/common/signature_json.h"

#include <cmath>
#include <set>

namespace mdeck::deploy {

namespace {

std::string replaceAll(std::string s, const std::string &from, const std::string &to)
{
    for (std::size_t pos = s.find(from); pos != std::string::npos;
         pos = s.find(from, pos + to.size()))
        s.replace(pos, from.size(), to);
    return s;
}

void flatten(const Json &j, std::vector<double> &out)
{
    if (j.is_array()) {
        for (const auto &e : j)
            flatten(e, out);
    } else if (j.is_number()) {
        out.push_back(j.get<double>());
    } else if (j.is_boolean()) {
        out.push_back(j.get<bool>() ? 1.0 : 0.0);
    }
}

Json benchmarkJson(const std::optional<registry::BenchmarkRecord> &b)
{
    if (!b)
        return nullptr;
    Json results = nullptr;
    if (auto parsed = parseJson(b->resultsJson, "benchmark"))
        results = std::move(*parsed);
    return Json{{"id", b->id},
                {"created_at", b->createdAt},
                {"device", b->device},
                {"results", results}};
}

Json deterministicPart(const Evidence &e)
{
    Json metrics = Json::array();
    for (const auto &m : e.metrics)
        metrics.push_back({{"key", m.key},
                           {"stable", m.stable ? Json(*m.stable) : Json(nullptr)},
                           {"candidate", m.candidate ? Json(*m.candidate) : Json(nullptr)}});
    return Json{
        {"stable_version", e.stableVersion},
        {"candidate_version", e.candidateVersion},
        {"metrics", metrics},
        {"benchmark_ids",
         {{"stable", e.stableBenchmark ? Json(e.stableBenchmark->id) : Json(nullptr)},
          {"candidate", e.candidateBenchmark ? Json(e.candidateBenchmark->id) : Json(nullptr)}}},
        {"signature",
         {{"compatible", e.signature.compatible}, {"differences", e.signature.differences}}},
    };
}

} // namespace

int argmaxOf(const Json &outputs)
{
    std::vector<double> v;
    flatten(outputs, v);
    int best = -1;
    for (std::size_t i = 0; i < v.size(); ++i)
        if (best < 0 || v[i] > v[static_cast<std::size_t>(best)])
            best = static_cast<int>(i);
    return best;
}

bool answersDisagree(const Json &a, const Json &b, bool classifier)
{
    if (classifier)
        return argmaxOf(a) != argmaxOf(b);
    std::vector<double> va;
    std::vector<double> vb;
    flatten(a, va);
    flatten(b, vb);
    if (va.size() != vb.size())
        return true;
    for (std::size_t i = 0; i < va.size(); ++i) {
        const double scale = std::max({1.0, std::fabs(va[i]), std::fabs(vb[i])});
        if (!(std::fabs(va[i] - vb[i]) <= 1e-6 * scale)) // NaN disagrees
            return true;
    }
    return false;
}

SignatureCheck checkSignatures(const Signature &stable, const Signature &candidate)
{
    SignatureCheck check;
    for (auto d : signatureDifferences(stable, candidate)) {
        d = replaceAll(d, "only in the first", "only in the stable version");
        d = replaceAll(d, "only in the second", "only in the candidate");
        const bool isInput = d.rfind("input ", 0) == 0;
        const bool addedOutput = !isInput && d.find("only in the candidate") != std::string::npos;
        if (addedOutput) {
            d += " (an extra output; clients that do not ask for it are unaffected)";
        } else {
            check.compatible = false;
            d += isInput ? " (clients' requests would no longer fit)"
                         : " (clients reading this output would break)";
        }
        check.differences.push_back(d + " [stable vs candidate]");
    }
    return check;
}

Result<Comparison> compareWithStable(store::Database &db, const std::string &deployment,
                                     std::int64_t candidateVersionId, const std::string &role,
                                     bool classifier, std::int64_t sinceMs, int maxRows)
{
    auto st = db.prepare(
        "SELECT c.time, c.outputs, s.outputs FROM predictions c "
        "JOIN predictions s ON s.request_id = c.request_id AND s.row = c.row "
        " AND s.deployment = c.deployment AND s.role = 'stable' "
        "WHERE c.deployment = ?1 AND c.version_id = ?2 AND c.role = ?3 AND c.time >= ?4 "
        "ORDER BY c.time DESC LIMIT ?5");
    if (!st)
        return st.error();
    st->bind(1, deployment).bind(2, candidateVersionId).bind(3, role).bind(4, sinceMs);
    st->bind(5, maxRows);
    Comparison c;
    for (;;) {
        auto row = st->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        const std::int64_t time = st->int64(0);
        auto a = parseJson(st->text(1), "a logged prediction");
        auto b = parseJson(st->text(2), "a logged prediction");
        ++c.compared;
        if (!a || !b || answersDisagree(*a, *b, classifier))
            ++c.disagreed; // an unreadable answer counts against the candidate
        c.toMs = std::max(c.toMs, time);
        c.fromMs = c.fromMs == 0 ? time : std::min(c.fromMs, time);
    }
    return c;
}

Result<Accuracy> candidateAccuracy(store::Database &db, const std::string &deployment,
                                   std::int64_t candidateVersionId, const std::string &role,
                                   const std::vector<std::string> &classes, std::int64_t sinceMs)
{
    auto st = db.prepare("SELECT p.outputs, f.label FROM predictions p "
                         "JOIN feedback f ON f.request_id = p.request_id AND f.row = p.row "
                         "WHERE p.deployment = ?1 AND p.version_id = ?2 AND p.role = ?3 "
                         "AND p.time >= ?4 ORDER BY p.time DESC LIMIT 100000");
    if (!st)
        return st.error();
    st->bind(1, deployment).bind(2, candidateVersionId).bind(3, role).bind(4, sinceMs);
    Accuracy a;
    for (;;) {
        auto row = st->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        ++a.labelled;
        auto outputs = parseJson(st->text(0), "a logged prediction");
        if (!outputs)
            continue; // unreadable: counts as wrong
        const int index = argmaxOf(*outputs);
        if (index < 0)
            continue;
        const std::string label = st->text(1);
        const auto i = static_cast<std::size_t>(index);
        if ((i < classes.size() && label == classes[i]) || label == std::to_string(index))
            ++a.correct;
    }
    return a;
}

Result<Evidence> computeEvidence(registry::ModelRegistry &registry, const std::string &deployment,
                                 const registry::ModelVersion &stable,
                                 const registry::ModelVersion &candidate)
{
    Evidence e;
    e.stableVersion = stable.version;
    e.candidateVersion = candidate.version;
    e.candidateSha256 = candidate.artifactSha256;
    std::set<std::string> keys;
    for (const auto &[k, v] : stable.metrics)
        keys.insert(k);
    for (const auto &[k, v] : candidate.metrics)
        keys.insert(k);
    for (const auto &k : keys) {
        MetricDifference d;
        d.key = k;
        if (auto it = stable.metrics.find(k); it != stable.metrics.end())
            d.stable = it->second;
        if (auto it = candidate.metrics.find(k); it != candidate.metrics.end())
            d.candidate = it->second;
        e.metrics.push_back(d);
    }
    auto sb = registry.listBenchmarks(stable.model, stable.version, 1);
    if (!sb)
        return sb.error();
    if (!sb->empty())
        e.stableBenchmark = sb->front();
    auto cb = registry.listBenchmarks(candidate.model, candidate.version, 1);
    if (!cb)
        return cb.error();
    if (!cb->empty())
        e.candidateBenchmark = cb->front();
    e.signature = checkSignatures(stable.signature, candidate.signature);

    store::Database &db = registry.workspace().db();
    auto tx = db.beginRead();
    if (!tx)
        return tx.error();
    const bool classifier = !stable.signature.outputs.empty()
        && !stable.signature.outputs.front().classes.empty();
    auto shadow = compareWithStable(db, deployment, candidate.id, "shadow", classifier, 0);
    if (!shadow)
        return shadow.error();
    e.shadow = *shadow;
    return e;
}

Json evidenceToJson(const Evidence &e)
{
    Json j = deterministicPart(e);
    j["candidate_sha256"] = e.candidateSha256;
    Json metrics = Json::array();
    for (const auto &m : e.metrics) {
        Json row{{"key", m.key},
                 {"stable", m.stable ? Json(*m.stable) : Json(nullptr)},
                 {"candidate", m.candidate ? Json(*m.candidate) : Json(nullptr)},
                 {"difference", nullptr}};
        if (m.stable && m.candidate)
            row["difference"] = *m.candidate - *m.stable;
        metrics.push_back(row);
    }
    j["metrics"] = metrics;
    j["benchmarks"] = {{"stable", benchmarkJson(e.stableBenchmark)},
                       {"candidate", benchmarkJson(e.candidateBenchmark)}};
    j["shadow"] = {{"compared", e.shadow.compared},
                   {"disagreed", e.shadow.disagreed},
                   {"disagreement_rate", e.shadow.rate()},
                   {"from", e.shadow.fromMs},
                   {"to", e.shadow.toMs}};
    j["evidence_hash"] = evidenceHash(e);
    return j;
}

std::string evidenceHash(const Evidence &e)
{
    return Sha256::hex(canonicalJson(deterministicPart(e)));
}

} // namespace mdeck::deploy
