#include "widgets/inline_message.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

using mdeck::widgets::InlineMessage;

class tst_InlineMessage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hiddenUntilShown()
    {
        QWidget parent;
        auto *message = new InlineMessage(&parent);
        parent.show();
        QVERIFY(!message->isVisible());
        message->showMessage(InlineMessage::Kind::Error, QStringLiteral("no model named 'x'"));
        QVERIFY(message->isVisible());
        QCOMPARE(message->kind(), InlineMessage::Kind::Error);
        QCOMPARE(message->text(), QStringLiteral("no model named 'x'"));
        QVERIFY(!message->grab().isNull()); // paints with the tint of its kind
    }

    void closeButtonHidesAndSignals()
    {
        QWidget parent;
        auto *message = new InlineMessage(&parent);
        parent.show();
        message->showMessage(InlineMessage::Kind::Warning, QStringLiteral("careful"));
        QSignalSpy closed(message, &InlineMessage::closed);
        QTest::mouseClick(message->findChild<QToolButton *>(QStringLiteral("inlineMessageClose")),
                          Qt::LeftButton);
        QVERIFY(!message->isVisible());
        QCOMPARE(closed.count(), 1);
        QVERIFY(message->text().isEmpty());
    }

    void notClosable()
    {
        QWidget parent;
        auto *message = new InlineMessage(&parent);
        parent.show();
        message->setClosable(false);
        message->showMessage(InlineMessage::Kind::Information, QStringLiteral("read only"));
        QVERIFY(
            !message->findChild<QToolButton *>(QStringLiteral("inlineMessageClose"))->isVisible());
        message->clearMessage();
        QVERIFY(!message->isVisible());
    }
};

QTEST_MAIN(tst_InlineMessage)
#include "tst_inline_message.moc"
