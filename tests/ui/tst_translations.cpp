// translations/modeldeck_de.ts is complete: every message has a German
// text, no message is unfinished, and each translation keeps the
// placeholders (%1, %n) of its source; only a singular form may drop %n.

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QXmlStreamReader>

class tst_Translations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void germanIsComplete()
    {
        QFile file(QStringLiteral(MDECK_TEST_DATA_DIR "/../../translations/modeldeck_de.ts"));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        QXmlStreamReader xml(&file);
        int messages = 0;
        QString context;
        QString source;
        QStringList translations;
        bool unfinished = false;
        bool obsolete = false;
        const QRegularExpression placeholder(QStringLiteral("%(\\d|n)"));
        auto placeholders = [&placeholder](const QString &text) {
            QSet<QString> found;
            for (auto it = placeholder.globalMatch(text); it.hasNext();)
                found.insert(it.next().captured(0));
            return found;
        };
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == QLatin1String("name") && source.isNull())
                context = xml.readElementText();
            if (xml.isStartElement() && xml.name() == QLatin1String("message")) {
                source = QString();
                translations.clear();
                unfinished = obsolete = false;
            } else if (xml.isStartElement() && xml.name() == QLatin1String("source")) {
                source = xml.readElementText();
            } else if (xml.isStartElement() && xml.name() == QLatin1String("translation")) {
                const QString type = xml.attributes().value(QLatin1String("type")).toString();
                unfinished = type == QLatin1String("unfinished");
                obsolete = type == QLatin1String("vanished") || type == QLatin1String("obsolete");
                // A plural translation holds <numerusform> children; readElementText would refuse them.
                QString text;
                while (!(xml.isEndElement() && xml.name() == QLatin1String("translation"))
                       && !xml.atEnd()) {
                    xml.readNext();
                    if (xml.isStartElement() && xml.name() == QLatin1String("numerusform"))
                        translations.append(xml.readElementText());
                    else if (xml.isCharacters())
                        text += xml.text();
                }
                if (translations.isEmpty())
                    translations.append(text.trimmed());
            } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
                ++messages;
                const QString where = context + QStringLiteral(": ") + source;
                QVERIFY2(!unfinished, qPrintable(QStringLiteral("unfinished: ") + where));
                QVERIFY2(!obsolete,
                         qPrintable(QStringLiteral("obsolete (run lupdate -no-obsolete): ")
                                    + where));
                for (qsizetype i = 0; i < translations.size(); ++i) {
                    const QString &t = translations[i];
                    QVERIFY2(!t.isEmpty(), qPrintable(QStringLiteral("empty: ") + where));
                    QSet<QString> expected = placeholders(source);
                    QSet<QString> found = placeholders(t);
                    // A singular form may say "the only one" instead of "%n".
                    if (translations.size() > 1 && i == 0) {
                        expected.remove(QStringLiteral("%n"));
                        found.remove(QStringLiteral("%n"));
                    }
                    QVERIFY2(found == expected,
                             qPrintable(QStringLiteral("placeholders differ: ") + where
                                        + QStringLiteral(" -> ") + t));
                }
                source = QString();
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(messages > 200);
    }
};

QTEST_GUILESS_MAIN(tst_Translations)
#include "tst_translations.moc"
