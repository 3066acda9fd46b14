// DagView: the layered layout (longest path from a root, parents' mean row),
// a graph with a cycle still drawn, and a click selecting a node.

#include "widgets/dag_view.h"

#include <QSignalSpy>
#include <QTest>

using namespace mdeck::widgets;

class tst_DagView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void layersByLongestPath()
    {
        DagView view;
        // 0 -> 1 -> 3, 0 -> 2 -> 3, 0 -> 3, 4 alone
        view.setGraph({{QStringLiteral("a"), {}, DagStatus::Succeeded},
                       {QStringLiteral("b"), {}, DagStatus::Running},
                       {QStringLiteral("c"), {}, DagStatus::Failed},
                       {QStringLiteral("d"), {}, DagStatus::Pending},
                       {QStringLiteral("e"), {}, DagStatus::Cached}},
                      {{0, 1}, {0, 2}, {1, 3}, {2, 3}, {0, 3}});
        QCOMPARE(view.nodeCount(), 5);
        QCOMPARE(view.position(0).first, 0);
        QCOMPARE(view.position(1).first, 1);
        QCOMPARE(view.position(2).first, 1);
        QCOMPARE(view.position(3).first, 2);
        QCOMPARE(view.position(4), std::make_pair(0, 1));
        QVERIFY(view.position(1).second != view.position(2).second);
        QVERIFY(view.sizeHint().width() > 3 * view.nodeRect(0).width());
        QVERIFY(!view.nodeRect(1).intersects(view.nodeRect(2)));
    }

    void ignoresBadEdgesAndSurvivesACycle()
    {
        DagView view;
        view.setGraph({{QStringLiteral("x"), {}, {}}, {QStringLiteral("y"), {}, {}}},
                      {{0, 1}, {1, 0}, {0, 7}, {-1, 0}, {1, 1}});
        QCOMPARE(view.nodeCount(), 2);
        view.resize(view.sizeHint());
        QImage image(view.size(), QImage::Format_ARGB32);
        view.render(&image); // paints without hanging
        view.setGraph({}, {});
        QCOMPARE(view.nodeCount(), 0);
        QCOMPARE(view.position(0).first, -1);
    }

    void clickSelectsANode()
    {
        DagView view;
        view.setGraph({{QStringLiteral("a"), QStringLiteral("shell"), DagStatus::Pending},
                       {QStringLiteral("b"), QStringLiteral("noop"), DagStatus::Pending}},
                      {{0, 1}});
        view.resize(view.sizeHint());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy clicked(&view, &DagView::nodeClicked);
        QTest::mouseClick(&view, Qt::LeftButton, {}, view.nodeRect(1).center());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toInt(), 1);
        QCOMPARE(view.selected(), 1);
        view.setStatuses({DagStatus::Succeeded, DagStatus::Failed});
        QVERIFY(DagView::statusColor(DagStatus::Failed, view.palette())
                != DagView::statusColor(DagStatus::Succeeded, view.palette()));
    }
};

QTEST_MAIN(tst_DagView)
#include "tst_dag_view.moc"
