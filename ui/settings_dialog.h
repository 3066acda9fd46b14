#pragma once

// File > Settings: language (applied at the next start), theme (applied at
// once) and the API token for the open workspace. The dialog only edits
// values; MainWindow stores and applies them. GUI thread only.

#include "widgets/theme.h"

#include <QDialog>

class QComboBox;
class QLineEdit;

namespace mdeck::ui {

class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    // `tokenEnabled` is false when no workspace is open.
    explicit SettingsDialog(bool tokenEnabled, QWidget *parent = nullptr);

    QString language() const; // "system", "en" or "de"
    void setLanguage(const QString &language);
    widgets::Theme theme() const;
    void setTheme(widgets::Theme theme);
    QString apiToken() const;
    void setApiToken(const QString &token);

private:
    QComboBox *m_language;
    QComboBox *m_theme;
    QLineEdit *m_token;
};

} // namespace mdeck::ui
