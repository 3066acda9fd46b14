#pragma once

// Set or move an alias: points a name such as "champion" at one version of a
// model; an alias that points elsewhere moves in one step. The name is
// checked with mdeck::isValidName first; refusals are shown inline.
// GUI thread only.

#include <QDialog>

#include <map>
#include <string>

class QComboBox;
class QLabel;
class QPushButton;

namespace mdeck::widgets {
class InlineMessage;
}

namespace mdeck::ui {

class EngineBridge;

class AliasDialog : public QDialog
{
    Q_OBJECT

public:
    // `aliases` are the model's current ones (alias -> version).
    AliasDialog(EngineBridge *bridge, const QString &model, int version,
                const std::map<std::string, int> &aliases, QWidget *parent = nullptr);

    void setAliasName(const QString &alias);
    QString aliasName() const;

private:
    void submit();
    void updateHint();

    EngineBridge *m_bridge;
    QString m_model;
    int m_version;
    std::map<std::string, int> m_aliases;
    quint64 m_ticket = 0;
    QComboBox *m_alias;
    QLabel *m_hint;
    widgets::InlineMessage *m_message;
    QPushButton *m_apply;
};

} // namespace mdeck::ui
