#include "core/ml/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace mdeck::ml {

double rocAucBinary(const std::vector<int> &positive, const std::vector<double> &scores)
{
    const std::size_t n = scores.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
    // Mann–Whitney U with average ranks for ties: equal to the trapezoidal AUC.
    double rankSumPos = 0;
    std::size_t nPos = 0;
    for (std::size_t i = 0; i < n;) {
        std::size_t j = i;
        while (j + 1 < n && scores[order[j + 1]] == scores[order[i]])
            ++j;
        const double avgRank = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
        for (std::size_t k = i; k <= j; ++k) {
            if (positive[order[k]]) {
                rankSumPos += avgRank;
                ++nPos;
            }
        }
        i = j + 1;
    }
    const std::size_t nNeg = n - nPos;
    if (nPos == 0 || nNeg == 0)
        return std::numeric_limits<double>::quiet_NaN();
    const double u = rankSumPos - static_cast<double>(nPos) * (static_cast<double>(nPos) + 1) / 2.0;
    return u / (static_cast<double>(nPos) * static_cast<double>(nNeg));
}

Result<ClassificationMetrics> classificationMetrics(const std::vector<std::int64_t> &yTrue,
                                                    const std::vector<double> &probs, int classes)
{
    const std::size_t n = yTrue.size();
    if (classes < 2)
        return Error(ErrorCode::InvalidArgument, "classification needs at least two classes");
    if (n == 0)
        return Error(ErrorCode::InvalidArgument, "no rows to evaluate");
    if (probs.size() != n * static_cast<std::size_t>(classes))
        return Error(ErrorCode::InvalidArgument, "probabilities do not match rows x classes");
    const auto k = static_cast<std::size_t>(classes);
    ClassificationMetrics m;
    m.confusion.assign(k, std::vector<std::int64_t>(k, 0));
    std::size_t correct = 0;
    const double eps = std::numeric_limits<double>::epsilon();
    double logLoss = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (yTrue[i] < 0 || yTrue[i] >= classes)
            return Error(ErrorCode::InvalidArgument,
                         "label out of range at row " + std::to_string(i + 1));
        const double *p = &probs[i * k];
        std::size_t best = 0;
        double sum = 0;
        for (std::size_t c = 0; c < k; ++c) {
            if (p[c] > p[best])
                best = c;
            sum += std::clamp(p[c], eps, 1 - eps);
        }
        ++m.confusion[static_cast<std::size_t>(yTrue[i])][best];
        if (static_cast<std::int64_t>(best) == yTrue[i])
            ++correct;
        logLoss -= std::log(std::clamp(p[yTrue[i]], eps, 1 - eps) / sum);
    }
    m.accuracy = static_cast<double>(correct) / static_cast<double>(n);
    m.logLoss = logLoss / static_cast<double>(n);
    // sklearn's macro averages run over the labels present in y_true or y_pred.
    double precision = 0, recall = 0, f1 = 0;
    int present = 0;
    for (std::size_t c = 0; c < k; ++c) {
        std::int64_t tp = m.confusion[c][c], predicted = 0, actual = 0;
        for (std::size_t r = 0; r < k; ++r) {
            predicted += m.confusion[r][c];
            actual += m.confusion[c][r];
        }
        if (predicted == 0 && actual == 0)
            continue;
        ++present;
        const double p = predicted ? static_cast<double>(tp) / static_cast<double>(predicted) : 0.0;
        const double r = actual ? static_cast<double>(tp) / static_cast<double>(actual) : 0.0;
        precision += p;
        recall += r;
        f1 += (p + r) > 0 ? 2 * p * r / (p + r) : 0.0;
    }
    m.precisionMacro = precision / present;
    m.recallMacro = recall / present;
    m.f1Macro = f1 / present;
    std::vector<int> pos(n);
    std::vector<double> scores(n);
    if (k == 2) {
        for (std::size_t i = 0; i < n; ++i) {
            pos[i] = yTrue[i] == 1;
            scores[i] = probs[i * 2 + 1];
        }
        m.rocAuc = rocAucBinary(pos, scores);
    } else {
        double total = 0;
        for (std::size_t c = 0; c < k; ++c) {
            for (std::size_t i = 0; i < n; ++i) {
                pos[i] = static_cast<std::size_t>(yTrue[i]) == c;
                scores[i] = probs[i * k + c];
            }
            total += rocAucBinary(pos, scores);
        }
        m.rocAuc = total / static_cast<double>(k);
    }
    return m;
}

Result<RegressionMetrics> regressionMetrics(const std::vector<double> &yTrue,
                                            const std::vector<double> &yPred)
{
    const std::size_t n = yTrue.size();
    if (n == 0 || yPred.size() != n)
        return Error(ErrorCode::InvalidArgument, "regression metrics need equal, non-empty vectors");
    double mean = 0;
    for (double v : yTrue)
        mean += v;
    mean /= static_cast<double>(n);
    double se = 0, ae = 0, tot = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double d = yTrue[i] - yPred[i];
        se += d * d;
        ae += std::abs(d);
        tot += (yTrue[i] - mean) * (yTrue[i] - mean);
    }
    RegressionMetrics m;
    m.rmse = std::sqrt(se / static_cast<double>(n));
    m.mae = ae / static_cast<double>(n);
    m.r2 = tot == 0 ? (se == 0 ? 1.0 : 0.0) : 1.0 - se / tot;
    return m;
}

std::map<std::string, double> toMetricMap(const ClassificationMetrics &m, const std::string &prefix)
{
    std::map<std::string, double> out{{prefix + "accuracy", m.accuracy},
                                      {prefix + "precision_macro", m.precisionMacro},
                                      {prefix + "recall_macro", m.recallMacro},
                                      {prefix + "f1_macro", m.f1Macro},
                                      {prefix + "log_loss", m.logLoss}};
    if (std::isfinite(m.rocAuc))
        out[prefix + "roc_auc"] = m.rocAuc;
    return out;
}

std::map<std::string, double> toMetricMap(const RegressionMetrics &m, const std::string &prefix)
{
    return {{prefix + "rmse", m.rmse}, {prefix + "mae", m.mae}, {prefix + "r2", m.r2}};
}

} // namespace mdeck::ml
