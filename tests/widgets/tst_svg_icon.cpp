#include "widgets/svg_icon.h"

#include <QImage>
#include <QPixmap>
#include <QTest>

using mdeck::widgets::tintedSvgIcon;

namespace {

const QByteArray kSvg = QByteArrayLiteral(
    R"(<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24">)"
    R"(<rect x="2" y="2" width="20" height="20" fill="#3d7bd9"/></svg>)");

QColor centre(const QIcon &icon, int size, QIcon::Mode mode)
{
    const QImage image = icon.pixmap(QSize(size, size), 1.0, mode).toImage();
    return image.pixelColor(size / 2, size / 2);
}

} // namespace

class tst_SvgIcon : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modesHaveTheirColours()
    {
        const QIcon icon = tintedSvgIcon(kSvg, QByteArrayLiteral("#3d7bd9"));
        QCOMPARE(centre(icon, 28, QIcon::Normal).name(), QStringLiteral("#3d7bd9"));
        QCOMPARE(centre(icon, 28, QIcon::Selected).name(), QStringLiteral("#ffffff"));
        QCOMPARE(centre(icon, 28, QIcon::Disabled).name(), QStringLiteral("#9aa0a8"));
    }

    void drawsAtAnySizeAndRatio()
    {
        const QIcon icon = tintedSvgIcon(kSvg, QByteArrayLiteral("#3d7bd9"));
        for (int size : {16, 37, 128}) {
            const QPixmap pixmap = icon.pixmap(QSize(size, size), 1.0);
            QCOMPARE(pixmap.size(), QSize(size, size));
        }
        const QPixmap hidpi = icon.pixmap(QSize(24, 24), 2.0);
        QCOMPARE(hidpi.size(), QSize(48, 48)); // drawn at full resolution, not scaled up
        QCOMPARE(hidpi.devicePixelRatio(), 2.0);
    }
};

QTEST_MAIN(tst_SvgIcon)
#include "tst_svg_icon.moc"
