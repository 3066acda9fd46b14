#include "core/deploy/evidence.h"

#include "core/common/sha256.h"
#include "core/common/signature_json.h"
#include "core/store/prediction_store.h"

#include <cmath>
#include <limits>
#include <set>
#include <unordered_map>

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

namespace {

// The rows the candidate answered in `role` since `sinceMs`, newest first.
store::PredictionFilter candidateRows(const std::string &deployment,
                                      std::int64_t candidateVersionId, const std::string &role,
                                      std::int64_t sinceMs)
{
    store::PredictionFilter f;
    f.deployment = deployment;
    f.versionId = candidateVersionId;
    f.role = role;
    f.fromMs = sinceMs;
    f.newestFirst = true;
    return f;
}

} // namespace

Result<Comparison> compareWithStable(store::Database &db, const std::string &deployment,
                                     std::int64_t candidateVersionId, const std::string &role,
                                     bool classifier, std::int64_t sinceMs, int maxRows)
{
    // The candidate's newest rows, then the stable version's answers to the
    // same requests, logged at about the same time.
    constexpr std::int64_t kSlackMs = 60'000;
    struct Answer
    {
        std::int64_t time = 0;
        std::string outputs;
        bool compared = false;
    };
    auto key = [](std::string_view requestId, int row) {
        std::string k(requestId);
        k += '\0';
        k += std::to_string(row);
        return k;
    };
    std::unordered_map<std::string, Answer> candidate;
    std::int64_t oldest = std::numeric_limits<std::int64_t>::max(), newest = 0;
    const store::PredictionFilter f = candidateRows(deployment, candidateVersionId, role, sinceMs);
    const auto limit = static_cast<std::size_t>(std::max(maxRows, 0));
    MDECK_TRY(store::forEachPrediction(db, f, [&](const store::PredictionEntry &p) {
        if (candidate.size() >= limit)
            return false;
        candidate.try_emplace(key(p.requestId, p.row), Answer{p.timeMs, std::string(p.outputs)});
        oldest = std::min(oldest, p.timeMs);
        newest = std::max(newest, p.timeMs);
        return true;
    }));
    Comparison c;
    if (candidate.empty())
        return c;
    store::PredictionFilter s;
    s.deployment = deployment;
    s.role = "stable";
    s.fromMs = oldest - kSlackMs;
    s.toMs = newest + kSlackMs;
    MDECK_TRY(store::forEachPrediction(db, s, [&](const store::PredictionEntry &p) {
        auto it = candidate.find(key(p.requestId, p.row));
        if (it == candidate.end() || it->second.compared)
            return true;
        Answer &answer = it->second;
        answer.compared = true;
        auto a = parseJson(answer.outputs, "a logged prediction");
        auto b = parseJson(p.outputs, "a logged prediction");
        ++c.compared;
        if (!a || !b || answersDisagree(*a, *b, classifier))
            ++c.disagreed; // an unreadable answer counts against the candidate
        c.toMs = std::max(c.toMs, answer.time);
        c.fromMs = c.fromMs == 0 ? answer.time : std::min(c.fromMs, answer.time);
        return true;
    }));
    return c;
}

Result<Accuracy> candidateAccuracy(store::Database &db, const std::string &deployment,
                                   std::int64_t candidateVersionId, const std::string &role,
                                   const std::vector<std::string> &classes, std::int64_t sinceMs)
{
    constexpr std::int64_t kMaxLabelled = 100000; // the newest ones
    const store::PredictionFilter f = candidateRows(deployment, candidateVersionId, role, sinceMs);
    store::FeedbackLookup labels(db);
    Accuracy a;
    std::optional<Error> failed;
    MDECK_TRY(store::forEachPrediction(db, f, [&](const store::PredictionEntry &p) {
        auto label = labels.label(p.requestId, p.row);
        if (!label) {
            failed = label.error();
            return false;
        }
        if (!*label)
            return true;
        ++a.labelled;
        auto outputs = parseJson(p.outputs, "a logged prediction");
        const int index = outputs ? argmaxOf(*outputs) : -1; // unreadable: counts as wrong
        const auto i = static_cast<std::size_t>(index);
        if (index >= 0
            && ((i < classes.size() && **label == classes[i]) || **label == std::to_string(index)))
            ++a.correct;
        return a.labelled < kMaxLabelled;
    }));
    if (failed)
        return *failed;
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
