// The item models of ui/models, checked by QAbstractItemModelTester, with
// the versions table at 100,000 rows.

#include "ui/models/key_value_model.h"
#include "ui/models/model_list_model.h"
#include "ui/models/version_table_model.h"

#include <QAbstractItemModelTester>
#include <QHeaderView>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace mdeck;
using namespace mdeck::ui;

namespace {

std::vector<registry::VersionRow> manyRows(int count)
{
    std::vector<registry::VersionRow> rows;
    rows.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        registry::VersionRow r;
        r.id = i + 1;
        r.model = "big-model";
        r.version = i + 1;
        // Creation times and sizes out of version order, so each column sorts differently.
        r.createdAt = 1'700'000'000'000 + static_cast<std::int64_t>((i * 7919) % count) * 1000;
        r.createdBy = i % 3 == 0 ? "alice" : "bob";
        r.format = i % 2 == 0 ? "torchscript" : "file";
        r.artifactSize = (i * 104729) % 1'000'003;
        r.archived = i % 10 == 0;
        r.aliases = r.version == 42 ? "champion" : "";
        rows.push_back(std::move(r));
    }
    return rows;
}

} // namespace

class tst_ItemModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void modelList()
    {
        ModelListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        std::vector<registry::Model> models(2);
        models[0].name = "churn";
        models[0].versionCount = 3;
        models[0].latestVersion = 3;
        models[0].aliases = {{"champion", 2}};
        models[1].name = "iris";
        model.setModels(models);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(ModelListModel::ColumnCount));
        QCOMPARE(model.index(0, ModelListModel::NameColumn).data().toString(),
                 QStringLiteral("churn"));
        QCOMPARE(model.index(0, ModelListModel::VersionsColumn).data().toInt(), 3);
        QVERIFY(
            !model.index(1, ModelListModel::LatestColumn).data().isValid()); // no versions: no number
        QVERIFY(
            model.index(0, 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("@champion")));
        QCOMPARE(model.rowOf(QStringLiteral("iris")), 1);
        QCOMPARE(model.rowOf(QStringLiteral("absent")), -1);
        QCOMPARE(model.names(), QStringList({QStringLiteral("churn"), QStringLiteral("iris")}));
        model.setModels({});
        QCOMPARE(model.rowCount(), 0);
    }

    void versionTableHundredThousandRows()
    {
        VersionTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows(manyRows(100000), 100000);
        QCOMPARE(model.rowCount(), 100000);
        // Default order: newest version first.
        QCOMPARE(model.rowAt(0).version, 100000);
        QCOMPARE(model.index(0, VersionTableModel::VersionColumn).data().toInt(), 100000);
        QCOMPARE(model.index(99999, VersionTableModel::ArchivedColumn).data().toString(),
                 QStringLiteral("archived"));

        for (int column = 0; column < VersionTableModel::ColumnCount; ++column) {
            for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                model.sort(column, order);
                for (int row = 1; row < model.rowCount(); row += 997) {
                    const auto &a = model.rowAt(row - 1);
                    const auto &b = model.rowAt(row);
                    auto key = [column](const registry::VersionRow &r) -> std::int64_t {
                        switch (column) {
                        case VersionTableModel::CreatedColumn:
                            return r.createdAt;
                        case VersionTableModel::SizeColumn:
                            return r.artifactSize;
                        case VersionTableModel::ArchivedColumn:
                            return r.archived;
                        case VersionTableModel::VersionColumn:
                            return r.version;
                        default:
                            return 0;
                        }
                    };
                    if (order == Qt::AscendingOrder)
                        QVERIFY2(key(a) <= key(b),
                                 qPrintable(
                                     QStringLiteral("column %1 row %2").arg(column).arg(row)));
                    else
                        QVERIFY2(key(a) >= key(b),
                                 qPrintable(
                                     QStringLiteral("column %1 row %2").arg(column).arg(row)));
                }
            }
        }
    }

    void versionTableSortKeepsPersistentIndexes()
    {
        VersionTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows(manyRows(1000), 1000);
        const int row = model.rowOfVersion(42);
        QPersistentModelIndex kept(model.index(row, VersionTableModel::AliasesColumn));
        model.sort(VersionTableModel::SizeColumn, Qt::AscendingOrder);
        QVERIFY(kept.isValid());
        QCOMPARE(kept.column(), int(VersionTableModel::AliasesColumn));
        QCOMPARE(model.rowAt(kept.row()).version, 42);
        QCOMPARE(kept.data().toString(), QStringLiteral("champion"));
        QCOMPARE(model.rowOfId(model.rowAt(kept.row()).id), kept.row());
    }

    void versionTableTotalBeyondRows()
    {
        VersionTableModel model;
        model.setRows(manyRows(10), 250000);
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(model.total(), 250000);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.total(), 0);
    }

    void versionViewScrollsHundredThousandRows()
    {
        VersionTableModel model;
        model.setRows(manyRows(100000), 100000);
        QTableView view;
        view.setModel(&model);
        view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
        view.resize(800, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.scrollToBottom();
        const QModelIndex last = model.index(99999, 0);
        QVERIFY(view.viewport()->rect().intersects(view.visualRect(last)));
        view.sortByColumn(VersionTableModel::CreatedColumn, Qt::AscendingOrder);
        QCOMPARE(model.rowCount(), 100000);
    }

    void keyValues()
    {
        KeyValueModel model(QStringLiteral("Metric"), QStringLiteral("Value"));
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setNumbers({{"accuracy", 0.953125}, {"loss", 0.25}});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Metric"));
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("accuracy"));
        QCOMPARE(model.index(0, 1).data(Qt::EditRole).toDouble(), 0.953125);
        QVERIFY(model.index(0, 1).data(Qt::TextAlignmentRole).isValid()); // numbers align right
        model.setStrings({{"lr", "0.01"}});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, 1).data().toString(), QStringLiteral("0.01"));
        QVERIFY(!model.index(0, 1).data(Qt::TextAlignmentRole).isValid());
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(tst_ItemModels)
#include "tst_item_models.moc"
