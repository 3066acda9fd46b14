#pragma once

// Help > About ModelDeck: the versions of ModelDeck, Qt and LibTorch, and the
// BLAS library this process loaded, with a visible warning when it is the
// slow reference BLAS. GUI thread only.

#include <QDialog>

namespace mdeck::ui {

class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AboutDialog(QWidget *parent = nullptr);
};

} // namespace mdeck::ui
