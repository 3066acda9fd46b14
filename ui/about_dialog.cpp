#include "ui/about_dialog.h"

#include "ui/resources.h"
#include "ui/text_format.h"
#include "widgets/inline_message.h"

#include "core/common/system_info.h"
#include "core/ml/torchscript_check.h"

#include <mdeck/version.h>

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace mdeck::ui {

namespace {

QLabel *selectable(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

} // namespace

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About ModelDeck"));

    auto *logo = new QLabel(this);
    logo->setPixmap(icon(QStringLiteral("modeldeck")).pixmap(64, 64));
    auto *title
        = new QLabel(QStringLiteral("<h2>ModelDeck %1</h2>").arg(QLatin1String(MDECK_VERSION)),
                     this);
    auto *tagline = new QLabel(tr("A desktop console for ML operations: model registry, training, "
                                  "deployments, drift and pipelines."),
                               this);
    tagline->setWordWrap(true);
    auto *heading = new QVBoxLayout;
    heading->addWidget(title);
    heading->addWidget(tagline);
    auto *top = new QHBoxLayout;
    top->addWidget(logo, 0, Qt::AlignTop);
    top->addLayout(heading, 1);

    const BlasInfo blas = detectBlas();
    auto *form = new QFormLayout;
    form->addRow(tr("Qt:"),
                 selectable(tr("%1 (built with %2)")
                                .arg(QLatin1String(qVersion()), QLatin1String(QT_VERSION_STR)),
                            this));
    form->addRow(tr("LibTorch:"), selectable(toQ(ml::torchVersion()), this));
    QString summary = toQ(blasSummary());
    if (summary.startsWith(QLatin1String("BLAS: ")))
        summary.remove(0, 6);
    form->addRow(tr("BLAS:"), selectable(summary, this));
    if (!blas.path.empty())
        form->addRow(tr("BLAS library:"), selectable(toQ(blas.path), this));

    auto *warning = new widgets::InlineMessage(this);
    warning->setObjectName(QStringLiteral("blasWarning"));
    warning->setClosable(false);
    if (blas.isReference)
        warning->showMessage(
            widgets::InlineMessage::Kind::Warning,
            tr("This process loaded the reference BLAS, which makes training and inference "
               "many times slower. Install OpenBLAS (libopenblas0-openmp) or select it with "
               "update-alternatives."));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("aboutCloseButton"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addSpacing(8);
    layout->addLayout(form);
    layout->addWidget(warning);
    layout->addStretch();
    layout->addWidget(buttons);
    resize(560, sizeHint().height());
}

} // namespace mdeck::ui
