#pragma once

// Typed access to the console's QSettings: recent workspaces, language,
// theme and the API token of each workspace. GUI thread only.

#include "widgets/theme.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace mdeck::ui {

class AppSettings
{
public:
    static constexpr int kMaxRecent = 8;

    QStringList recentWorkspaces() const;
    // Moves `dir` to the front of the recent list.
    void addRecentWorkspace(const QString &dir);
    void removeRecentWorkspace(const QString &dir);
    // The workspace open at the last exit, "" when none.
    QString lastWorkspace() const;

    // "system", "en" or "de"
    QString language() const;
    void setLanguage(const QString &language);
    widgets::Theme theme() const;
    void setTheme(widgets::Theme theme);

    // Kept per workspace id, in the settings file in plain text.
    QString apiToken(const QString &workspaceId) const;
    void setApiToken(const QString &workspaceId, const QString &token);

    QByteArray value(const QString &key) const;
    void setValue(const QString &key, const QByteArray &value);
};

} // namespace mdeck::ui
