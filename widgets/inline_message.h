#pragma once

// A banner that shows one message inside a window or dialog (information,
// success, warning or error), tinted to match the palette, with an optional
// close button. Use it instead of printing errors where the user cannot see
// them. GUI thread only.

#include <QFrame>

class QLabel;
class QToolButton;

namespace mdeck::widgets {

class InlineMessage : public QFrame
{
    Q_OBJECT

public:
    enum class Kind { Information, Positive, Warning, Error };

    explicit InlineMessage(QWidget *parent = nullptr);

    void showMessage(Kind kind, const QString &text);
    // Hides the banner and forgets its text.
    void clearMessage();
    void setClosable(bool closable);

    Kind kind() const { return m_kind; }
    QString text() const;

Q_SIGNALS:
    void closed();

protected:
    void changeEvent(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    QColor accentColor() const;

    Kind m_kind = Kind::Information;
    QLabel *m_icon;
    QLabel *m_label;
    QToolButton *m_close;
};

} // namespace mdeck::widgets
