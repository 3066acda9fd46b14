#include "widgets/key_value_editor.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

using mdeck::widgets::KeyValueEditor;

class tst_KeyValueEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void entriesSkipEmptyRowsAndTrim()
    {
        KeyValueEditor editor(QStringLiteral("Metric"), QStringLiteral("Value"));
        editor.addRow(QStringLiteral(" accuracy "), QStringLiteral("0.9 "));
        editor.addRow();
        editor.addRow(QString(), QStringLiteral("orphan"));
        QCOMPARE(editor.rowCount(), 3);
        const auto entries = editor.entries();
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries[0],
                 KeyValueEditor::Entry(QStringLiteral("accuracy"), QStringLiteral("0.9")));
        QCOMPARE(entries[1].first,
                 QString()); // a value without a key is kept, so the form can refuse it
    }

    void addButtonAddsARow()
    {
        KeyValueEditor editor(QStringLiteral("Tag"), QStringLiteral("Value"));
        editor.show();
        QTest::mouseClick(editor.findChild<QPushButton *>(QStringLiteral("addRowButton")),
                          Qt::LeftButton);
        QCOMPARE(editor.rowCount(), 1);
    }

    void removeButtonRemovesSelectedRows()
    {
        KeyValueEditor editor(QStringLiteral("Tag"), QStringLiteral("Value"));
        editor.show();
        editor.setEntries({{QStringLiteral("a"), QStringLiteral("1")},
                           {QStringLiteral("b"), QStringLiteral("2")},
                           {QStringLiteral("c"), QStringLiteral("3")}});
        auto *remove = editor.findChild<QPushButton *>(QStringLiteral("removeRowButton"));
        QVERIFY(!remove->isEnabled());
        editor.table()->selectRow(1);
        QVERIFY(remove->isEnabled());
        QSignalSpy changed(&editor, &KeyValueEditor::changed);
        QTest::mouseClick(remove, Qt::LeftButton);
        QCOMPARE(changed.count(), 1);
        const auto entries = editor.entries();
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries[1].first, QStringLiteral("c"));
    }
};

QTEST_MAIN(tst_KeyValueEditor)
#include "tst_key_value_editor.moc"
