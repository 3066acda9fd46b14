#include "ui/text_format.h"

#include <QDateTime>
#include <QLocale>
#include <QStringList>

namespace mdeck::ui {

QString formatTime(std::int64_t millis)
{
    if (millis <= 0)
        return {};
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(millis).toLocalTime();
    return QLocale().toString(time, QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString formatSize(std::int64_t bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QString formatShape(const std::vector<std::int64_t> &shape)
{
    QStringList dims;
    for (std::int64_t d : shape)
        dims.append(QString::number(d));
    return QLatin1Char('[') + dims.join(QStringLiteral(", ")) + QLatin1Char(']');
}

QString roleTitle(auth::Role role)
{
    switch (role) {
    case auth::Role::Viewer:
        return Tr::tr("viewer");
    case auth::Role::Engineer:
        return Tr::tr("engineer");
    case auth::Role::ReleaseManager:
        return Tr::tr("release manager");
    case auth::Role::Admin:
        return Tr::tr("admin");
    }
    return {};
}

bool isLowerBetter(const QString &metric)
{
    const QString name = metric.toLower();
    for (const char *word : {"loss", "error", "rmse", "mae"}) {
        if (name.contains(QLatin1String(word)))
            return true;
    }
    return false;
}

QString formatNumber(double value)
{
    return QLocale().toString(value, 'g', 6);
}

} // namespace mdeck::ui
