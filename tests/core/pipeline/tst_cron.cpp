#include "../test_support.h"
#include "core/pipeline/cron.h"

using namespace mdeck;
using namespace mdeck::pipeline;

namespace {

std::int64_t at(int y, int mo, int d, int h = 0, int mi = 0)
{
    return unixFromCivil({y, mo, d, h, mi, 0});
}

QString show(std::optional<std::int64_t> t)
{
    if (!t)
        return QStringLiteral("none");
    const auto c = civilFromUnix(*t);
    return QString::asprintf("%04d-%02d-%02d %02d:%02d", c.year, c.month, c.day, c.hour, c.minute);
}

} // namespace

class tst_Cron : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void next_data()
    {
        QTest::addColumn<QString>("cron");
        QTest::addColumn<qint64>("after");
        QTest::addColumn<QString>("expected");
        const qint64 base = at(2026, 1, 1, 10, 7); // a Thursday
        QTest::addRow("every minute") << "* * * * *" << base << "2026-01-01 10:08";
        QTest::addRow("step of 15") << "*/15 * * * *" << base << "2026-01-01 10:15";
        QTest::addRow("list") << "5,40 * * * *" << base << "2026-01-01 10:40";
        QTest::addRow("range with step") << "0 9-17/4 * * *" << base << "2026-01-01 13:00";
        QTest::addRow("value with step") << "0 20/2 * * *" << base << "2026-01-01 20:00";
        QTest::addRow("daily at 3") << "0 3 * * *" << base << "2026-01-02 03:00";
        QTest::addRow("month name") << "0 0 1 mar *" << base << "2026-03-01 00:00";
        QTest::addRow("day names") << "30 6 * * mon-fri" << base << "2026-01-02 06:30";
        QTest::addRow("sunday as 7") << "0 12 * * 7" << base << "2026-01-04 12:00";
        QTest::addRow("sunday as 0") << "0 12 * * 0" << base << "2026-01-04 12:00";
        // Both day fields restricted: either may match (the 13th, or any Friday).
        QTest::addRow("dom or dow") << "0 0 13 * fri" << base << "2026-01-02 00:00";
        QTest::addRow("dom or dow, dom first") << "0 0 2 * mon" << base << "2026-01-02 00:00";
        // A star in either day field: the other one alone decides.
        QTest::addRow("dom with star dow") << "0 0 13 * *" << base << "2026-01-13 00:00";
        QTest::addRow("dow with star dom") << "0 0 * * fri" << base << "2026-01-02 00:00";
        QTest::addRow("leap day") << "0 0 29 2 *" << base << "2028-02-29 00:00";
        QTest::addRow("macro") << "@hourly" << base << "2026-01-01 11:00";
        QTest::addRow("never") << "0 0 30 2 *" << base << "none";
        // UTC only: the European DST change (2026-03-29 01:00 UTC) has no gap or repeat.
        QTest::addRow("across dst")
            << "30 1 * * *" << qint64(at(2026, 3, 29, 0, 0)) << "2026-03-29 01:30";
        QTest::addRow("year end") << "0 0 1 1 *" << qint64(at(2026, 12, 31, 23, 59))
                                  << "2027-01-01 00:00";
    }

    void next()
    {
        QFETCH(QString, cron);
        QFETCH(qint64, after);
        QFETCH(QString, expected);
        auto s = CronSchedule::parse(cron.toStdString());
        MDECK_VERIFY_OK(s);
        QCOMPARE(show(s->next(after)), expected);
        if (auto n = s->next(after)) {
            QVERIFY(s->matches(*n));
            QCOMPARE(show(s->previous(*n)), expected);
        }
    }

    void previousIsTheLatestSlot()
    {
        auto s = CronSchedule::parse("0 * * * *");
        MDECK_VERIFY_OK(s);
        QCOMPARE(show(s->previous(at(2026, 5, 5, 15, 10))), QStringLiteral("2026-05-05 15:00"));
        QCOMPARE(show(s->previous(at(2026, 5, 5, 15, 0))), QStringLiteral("2026-05-05 15:00"));
        auto yearly = CronSchedule::parse("0 0 1 1 *");
        QCOMPARE(show(yearly->previous(at(2026, 5, 5))), QStringLiteral("2026-01-01 00:00"));
    }

    void refusesMalformedSchedules_data()
    {
        QTest::addColumn<QString>("cron");
        QTest::addColumn<QString>("message");
        QTest::addRow("four fields") << "* * * *"
                                     << "4 fields";
        QTest::addRow("six fields") << "* * * * * *"
                                    << "6 fields";
        QTest::addRow("minute 60") << "60 * * * *"
                                   << "minute field";
        QTest::addRow("hour 24") << "0 24 * * *"
                                 << "hour field";
        QTest::addRow("day 0") << "0 0 0 * *"
                               << "day-of-month field";
        QTest::addRow("month 13") << "0 0 1 13 *"
                                  << "month field";
        QTest::addRow("weekday 8") << "0 0 * * 8"
                                   << "day-of-week field";
        QTest::addRow("backwards range") << "0 5-1 * * *"
                                         << "backwards";
        QTest::addRow("step zero") << "*/0 * * * *"
                                   << "bad step";
        QTest::addRow("empty list item") << "1,,2 * * * *"
                                         << "is empty";
        QTest::addRow("unknown name") << "0 0 * foo *"
                                      << "month field";
        QTest::addRow("unknown macro") << "@sometimes"
                                       << "unknown cron macro";
        QTest::addRow("garbage") << "a b c d e"
                                 << "minute field";
        QTest::addRow("negative") << "-1 * * * *"
                                  << "minute field";
        QTest::addRow("huge step") << "*/99999999999 * * * *"
                                   << "bad step";
    }

    void refusesMalformedSchedules()
    {
        QFETCH(QString, cron);
        QFETCH(QString, message);
        auto s = CronSchedule::parse(cron.toStdString());
        QVERIFY(!s);
        QVERIFY2(s.error().message.find(message.toStdString()) != std::string::npos,
                 s.error().message.c_str());
    }

    void civilRoundTrip()
    {
        for (std::int64_t t : {std::int64_t(0), std::int64_t(951782400), std::int64_t(4102444800),
                               std::int64_t(-86400)}) {
            const auto c = civilFromUnix(t);
            QCOMPARE(unixFromCivil(c), t);
        }
        QCOMPARE(civilFromUnix(951782400).day, 29); // 2000-02-29
    }
};

QTEST_GUILESS_MAIN(tst_Cron)
#include "tst_cron.moc"
