#include "widgets/inline_message.h"

#include "widgets/theme.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QStyle>
#include <QToolButton>

namespace mdeck::widgets {

InlineMessage::InlineMessage(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_label(new QLabel(this))
    , m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("inlineMessage"));
    m_label->setObjectName(QStringLiteral("inlineMessageText"));
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_label->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_close->setObjectName(QStringLiteral("inlineMessageClose"));
    m_close->setAutoRaise(true);
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setToolTip(tr("Dismiss this message"));
    connect(m_close, &QToolButton::clicked, this, [this] {
        clearMessage();
        Q_EMIT closed();
    });

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 4, 6);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    hide();
}

void InlineMessage::showMessage(Kind kind, const QString &text)
{
    m_kind = kind;
    m_label->setText(text);
    QStyle::StandardPixmap pixmap = QStyle::SP_MessageBoxInformation;
    switch (kind) {
    case Kind::Information:
    case Kind::Positive:
        pixmap = QStyle::SP_MessageBoxInformation;
        break;
    case Kind::Warning:
        pixmap = QStyle::SP_MessageBoxWarning;
        break;
    case Kind::Error:
        pixmap = QStyle::SP_MessageBoxCritical;
        break;
    }
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon->setPixmap(style()->standardIcon(pixmap).pixmap(size, size));
    update();
    show();
}

void InlineMessage::clearMessage()
{
    m_label->clear();
    hide();
}

void InlineMessage::setClosable(bool closable)
{
    m_close->setVisible(closable);
}

QString InlineMessage::text() const
{
    return m_label->text();
}

void InlineMessage::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        update();
}

QColor InlineMessage::accentColor() const
{
    switch (m_kind) {
    case Kind::Information:
        return QColor(0x3d, 0x7b, 0xd9);
    case Kind::Positive:
        return positiveColor(palette());
    case Kind::Warning:
        return QColor(0xd9, 0x8c, 0x1f);
    case Kind::Error:
        return negativeColor(palette());
    }
    return QColor(0x3d, 0x7b, 0xd9);
}

void InlineMessage::paintEvent(QPaintEvent *)
{
    // Painted rather than styled: a style sheet would also reach the child labels.
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor accent = accentColor();
    painter.setPen(QPen(accent, 1));
    painter.setBrush(blend(palette().color(QPalette::Base), accent, 0.16));
    painter.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
}

} // namespace mdeck::widgets
