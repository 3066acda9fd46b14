#include "../test_support.h"

#include "core/ml/metrics.h"

using namespace mdeck;

// Expected values were computed once with Debian's python3-sklearn 1.2.1:
//   accuracy_score, precision/recall/f1_score(average='macro'), roc_auc_score
//   (multi_class='ovr' for three classes), log_loss, confusion_matrix,
//   mean_squared_error(squared=False), mean_absolute_error, r2_score
// on exactly the inputs below.
class tst_Metrics : public QObject
{
    Q_OBJECT

    static void near(double actual, double expected)
    {
        QVERIFY2(std::abs(actual - expected) <= 1e-12 * std::max(1.0, std::abs(expected)),
                 qPrintable(
                     QStringLiteral("%1 != %2").arg(actual, 0, 'g', 17).arg(expected, 0, 'g', 17)));
    }

private Q_SLOTS:
    void binaryMatchesSklearn()
    {
        const std::vector<std::int64_t> y{0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0};
        const std::vector<double> p1{0.1, 0.8, 0.6, 0.4, 0.9, 0.3, 0.5, 0.5, 0.2, 0.7, 0.6, 0.05};
        std::vector<double> probs;
        for (double p : p1) {
            probs.push_back(1 - p);
            probs.push_back(p);
        }
        auto m = ml::classificationMetrics(y, probs, 2);
        MDECK_VERIFY_OK(m);
        near(m->accuracy, 0.75);
        near(m->precisionMacro, 0.7571428571428571);
        near(m->recallMacro, 0.75);
        near(m->f1Macro, 0.7482517482517481);
        near(m->rocAuc, 0.8333333333333334);
        near(m->logLoss, 0.5110151681545837);
        QCOMPARE(m->confusion, (std::vector<std::vector<std::int64_t>>{{5, 1}, {2, 4}}));
    }

    void multiclassMatchesSklearn()
    {
        const std::vector<std::int64_t> y{0, 1, 2, 2, 1, 0, 2, 1, 0, 2};
        const std::vector<double> probs{0.7, 0.2, 0.1, 0.1, 0.6, 0.3, 0.2, 0.2, 0.6, 0.1,
                                        0.5, 0.4, 0.3, 0.4, 0.3, 0.5, 0.4, 0.1, 0.0, 0.1,
                                        0.9, 0.6, 0.3, 0.1, 0.4, 0.4, 0.2, 0.2, 0.3, 0.5};
        auto m = ml::classificationMetrics(y, probs, 3);
        MDECK_VERIFY_OK(m);
        near(m->accuracy, 0.8);
        near(m->precisionMacro, 0.8055555555555555);
        near(m->recallMacro, 0.8055555555555555);
        near(m->f1Macro, 0.7936507936507936);
        near(m->rocAuc, 0.8809523809523809);
        near(m->logLoss, 0.6822826068196831);
        QCOMPARE(m->confusion,
                 (std::vector<std::vector<std::int64_t>>{{3, 0, 0}, {1, 2, 0}, {0, 1, 3}}));
        const auto map = ml::toMetricMap(*m);
        QCOMPARE(map.size(), std::size_t(6));
        QVERIFY(map.count("roc_auc"));
    }

    void regressionMatchesSklearn()
    {
        auto m = ml::regressionMetrics({3.0, -0.5, 2.0, 7.0, 4.2, 1.1},
                                       {2.5, 0.0, 2.0, 8.0, 3.9, 1.0});
        MDECK_VERIFY_OK(m);
        near(m->rmse, 0.5163977794943222);
        near(m->mae, 0.4000000000000001);
        near(m->r2, 0.9530240751614797);
        QCOMPARE(ml::regressionMetrics({2, 2}, {2, 2})->r2, 1.0);
        QCOMPARE(ml::regressionMetrics({2, 2}, {1, 2})->r2, 0.0);
    }

    void undefinedAucIsNaN()
    {
        auto m = ml::classificationMetrics({1, 1}, {0.2, 0.8, 0.4, 0.6}, 2);
        MDECK_VERIFY_OK(m);
        QVERIFY(std::isnan(m->rocAuc));
        QVERIFY(!ml::toMetricMap(*m).count("roc_auc"));
    }

    void refusesBadInput()
    {
        QVERIFY(!ml::classificationMetrics({}, {}, 2));
        QVERIFY(!ml::classificationMetrics({0}, {1.0}, 1));
        QVERIFY(!ml::classificationMetrics({0, 3}, {0.5, 0.5, 0.5, 0.5}, 2));
        QVERIFY(!ml::classificationMetrics({0}, {0.5}, 2));
        QVERIFY(!ml::regressionMetrics({1}, {}));
    }
};

QTEST_GUILESS_MAIN(tst_Metrics)
#include "tst_metrics.moc"
