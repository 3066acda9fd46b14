#include "widgets/theme.h"

#include <QApplication>
#include <QStyle>
#include <QTest>

using namespace mdeck::widgets;

class tst_Theme : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void palettes()
    {
        QVERIFY(isDark(darkPalette()));
        QVERIFY(!isDark(lightPalette()));
        // Text must stand out from its background in both.
        for (const QPalette &p : {lightPalette(), darkPalette()}) {
            const int contrast = std::abs(p.color(QPalette::Text).lightness()
                                          - p.color(QPalette::Base).lightness());
            QVERIFY(contrast > 150);
            QVERIFY(positiveColor(p) != negativeColor(p));
        }
    }

    void blendEnds()
    {
        QCOMPARE(blend(Qt::black, Qt::white, 0).name(), QColor(Qt::black).name());
        QCOMPARE(blend(Qt::black, Qt::white, 1).name(), QColor(Qt::white).name());
        QCOMPARE(blend(Qt::black, Qt::white, 2).name(), QColor(Qt::white).name()); // clamped
    }

    void applySwitchesToFusion()
    {
        auto *app = qobject_cast<QApplication *>(QCoreApplication::instance());
        const QPalette system = QApplication::palette();
        applyTheme(*app, Theme::Dark, system);
        QCOMPARE(QApplication::style()->name(), QStringLiteral("fusion"));
        QVERIFY(isDark(QApplication::palette()));
        applyTheme(*app, Theme::System, system);
        QCOMPARE(QApplication::palette().color(QPalette::Window), system.color(QPalette::Window));
    }
};

QTEST_MAIN(tst_Theme)
#include "tst_theme.moc"
