#include "widgets/svg_icon.h"

#include <QIconEngine>
#include <QPainter>
#include <QPixmap>
#include <QSvgRenderer>

namespace mdeck::widgets {

namespace {

class TintedSvgEngine : public QIconEngine
{
public:
    TintedSvgEngine(QByteArray normal, QByteArray selected, QByteArray disabled)
        : m_normal(std::move(normal))
        , m_selected(std::move(selected))
        , m_disabled(std::move(disabled))
    {}

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State) override
    {
        QSvgRenderer renderer(mode == QIcon::Selected       ? m_selected
                                  : mode == QIcon::Disabled ? m_disabled
                                                            : m_normal);
        renderer.render(painter, rect);
    }

    // QIcon asks for size × device pixel ratio, so the SVG is drawn at full resolution.
    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        QPixmap pixmap(size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        paint(&painter, QRect(QPoint(0, 0), size), mode, state);
        return pixmap;
    }

    QIconEngine *clone() const override { return new TintedSvgEngine(*this); }
    QString key() const override { return QStringLiteral("mdeck-tinted-svg"); }

private:
    QByteArray m_normal;
    QByteArray m_selected;
    QByteArray m_disabled;
};

QByteArray recolored(QByteArray svg, const QByteArray &from, const QColor &to)
{
    return svg.replace(from, to.name().toLatin1());
}

} // namespace

QIcon tintedSvgIcon(const QByteArray &svg, const QByteArray &color, const QColor &selected,
                    const QColor &disabled)
{
    return QIcon(
        new TintedSvgEngine(svg, recolored(svg, color, selected), recolored(svg, color, disabled)));
}

} // namespace mdeck::widgets
