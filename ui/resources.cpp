#include "ui/resources.h"

#include "widgets/svg_icon.h"

#include <QFile>
#include <QHash>

// Q_INIT_RESOURCE must be used outside of any namespace.
static void initModeldeckResources()
{
    Q_INIT_RESOURCE(modeldeck);
}

namespace mdeck::ui {

void initResources()
{
    initModeldeckResources();
}

QIcon icon(const QString &name)
{
    static QHash<QString, QIcon> cache;
    if (const auto it = cache.constFind(name); it != cache.constEnd())
        return *it;
    QFile file(QStringLiteral(":/modeldeck/icons/%1.svg").arg(name));
    // The stroke colour every icon in resources/icons is drawn with.
    const QIcon result = file.open(QIODevice::ReadOnly)
        ? widgets::tintedSvgIcon(file.readAll(), QByteArrayLiteral("#3d7bd9"))
        : QIcon();
    cache.insert(name, result);
    return result;
}

} // namespace mdeck::ui
