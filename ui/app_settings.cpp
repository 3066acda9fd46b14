#include "ui/app_settings.h"

#include <QDir>
#include <QSettings>

namespace mdeck::ui {

namespace {

const QString kRecent = QStringLiteral("workspaces/recent");
const QString kLanguage = QStringLiteral("ui/language");
const QString kTheme = QStringLiteral("ui/theme");

QString normalized(const QString &dir)
{
    return QDir::cleanPath(QDir(dir).absolutePath());
}

} // namespace

QStringList AppSettings::recentWorkspaces() const
{
    return QSettings().value(kRecent).toStringList();
}

void AppSettings::addRecentWorkspace(const QString &dir)
{
    QStringList list = recentWorkspaces();
    const QString path = normalized(dir);
    list.removeAll(path);
    list.prepend(path);
    while (list.size() > kMaxRecent)
        list.removeLast();
    QSettings().setValue(kRecent, list);
}

void AppSettings::removeRecentWorkspace(const QString &dir)
{
    QStringList list = recentWorkspaces();
    list.removeAll(normalized(dir));
    QSettings().setValue(kRecent, list);
}

QString AppSettings::lastWorkspace() const
{
    const QStringList list = recentWorkspaces();
    return list.isEmpty() ? QString() : list.first();
}

QString AppSettings::language() const
{
    const QString value = QSettings().value(kLanguage, QStringLiteral("system")).toString();
    if (value == QLatin1String("en") || value == QLatin1String("de"))
        return value;
    return QStringLiteral("system");
}

void AppSettings::setLanguage(const QString &language)
{
    QSettings().setValue(kLanguage, language);
}

widgets::Theme AppSettings::theme() const
{
    const QString value = QSettings().value(kTheme).toString();
    if (value == QLatin1String("light"))
        return widgets::Theme::Light;
    if (value == QLatin1String("dark"))
        return widgets::Theme::Dark;
    return widgets::Theme::System;
}

void AppSettings::setTheme(widgets::Theme theme)
{
    QString value = QStringLiteral("system");
    if (theme == widgets::Theme::Light)
        value = QStringLiteral("light");
    else if (theme == widgets::Theme::Dark)
        value = QStringLiteral("dark");
    QSettings().setValue(kTheme, value);
}

QString AppSettings::apiToken(const QString &workspaceId) const
{
    if (workspaceId.isEmpty())
        return {};
    return QSettings().value(QStringLiteral("tokens/") + workspaceId).toString();
}

void AppSettings::setApiToken(const QString &workspaceId, const QString &token)
{
    if (workspaceId.isEmpty())
        return;
    QSettings settings;
    if (token.isEmpty())
        settings.remove(QStringLiteral("tokens/") + workspaceId);
    else
        settings.setValue(QStringLiteral("tokens/") + workspaceId, token);
}

QByteArray AppSettings::value(const QString &key) const
{
    return QSettings().value(key).toByteArray();
}

void AppSettings::setValue(const QString &key, const QByteArray &value)
{
    QSettings().setValue(key, value);
}

} // namespace mdeck::ui
