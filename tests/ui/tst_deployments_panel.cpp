// The Deployments panel in a real window on a real workspace: a deployment
// and a rollout request made through core as another process would, the
// prediction log filled in, and the panel driven with clicks: approve as a
// release manager, refused as the requester or a viewer, roll back behind
// the confirmation dialog, watch a remote endpoint. No sleeps; every wait is
// a QTRY_* on visible state.

#include "workspace_fixture.h"

#include "../core/net/local_server.h"
#include "ui/deployments/approval_view.h"
#include "ui/deployments/deployments_panel.h"
#include "ui/deployments/new_deployment_dialog.h"
#include "ui/engine_bridge.h"
#include "ui/main_window.h"
#include "widgets/inline_message.h"
#include "widgets/rollout_chart.h"

#include "core/auth/user_directory.h"
#include "core/deploy/rollout_service.h"
#include "core/registry/model_registry.h"
#include "core/store/prediction_store.h"
#include "core/store/workspace.h"

#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTest>
#include <QTimer>

#include <chrono>

using namespace mdeck;
using namespace mdeck::ui;

namespace {

constexpr int kTimeout = 30000;

// What another process (`mdeck deploy …`, `mdeck serve`) does to the workspace.
struct OtherProcess
{
    std::unique_ptr<store::Workspace> ws;
    std::unique_ptr<registry::ModelRegistry> registry;
    std::unique_ptr<auth::UserDirectory> users;
    std::unique_ptr<deploy::DeploymentStore> deployments;
    std::unique_ptr<deploy::RolloutService> rollouts;
    auth::Actor admin;
    auth::Actor eve; // an engineer

    QString open(const QString &path)
    {
        auto opened = store::Workspace::open(path.toStdString());
        if (!opened)
            return QString::fromStdString(opened.error().message);
        ws = std::move(*opened);
        registry = std::make_unique<registry::ModelRegistry>(*ws);
        users = std::make_unique<auth::UserDirectory>(ws->db());
        deployments = std::make_unique<deploy::DeploymentStore>(*registry);
        rollouts = std::make_unique<deploy::RolloutService>(*deployments);
        admin = users->bootstrap(auth::osLogin()).value();
        if (auto u = users->addUser(admin, "eve", auth::Role::Engineer); !u)
            return QString::fromStdString(u.error().message);
        auto token = users->createToken(admin, "eve", "tests", std::nullopt);
        eve = users->resolve(token->secret, "x").value();
        return {};
    }

    QString deployAndRequest(const auth::Actor &requester)
    {
        deploy::NewDeployment nd;
        nd.name = "bc-prod";
        nd.model = "breast-cancer";
        nd.version = 1;
        if (auto d = deployments->create(eve, nd); !d)
            return QString::fromStdString(d.error().message);
        deploy::RolloutRequest req;
        req.deployment = "bc-prod";
        req.version = 2;
        req.mode = deploy::RolloutMode::Canary;
        req.plan.percents = std::vector<int>{10, 50};
        req.plan.maxP99Ms = 50;
        req.comment = "better recall on the new data";
        if (auto r = rollouts->request(requester, req); !r)
            return QString::fromStdString(r.error().message);
        return {};
    }

    // 30 requests over the last minute, as `mdeck serve` logs them.
    QString logPredictions()
    {
        auto v1 = registry->getVersion("breast-cancer", 1);
        if (!v1)
            return QString::fromStdString(v1.error().message);
        auto &db = ws->db();
        auto tx = db.begin();
        if (!tx)
            return QString::fromStdString(tx.error().message);
        const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
        store::PredictionBlockWriter log(db);
        for (int i = 0; i < 30; ++i) {
            const std::string request = "req-" + std::to_string(i);
            store::PredictionEntry e;
            e.timeMs = now - 1000 - i * 1000;
            e.deployment = "bc-prod";
            e.versionId = v1->id;
            e.role = "stable";
            e.requestId = request;
            e.inputs = "[]";
            e.outputs = "[]";
            e.latencyUs = 1000 + i * 100;
            if (auto r = log.add(e); !r)
                return QString::fromStdString(r.error().message);
        }
        if (auto r = log.flush(); !r)
            return QString::fromStdString(r.error().message);
        if (auto c = tx->commit(); !c)
            return QString::fromStdString(c.error().message);
        return {};
    }
};

QString cell(QTableWidget *t, int row, int column)
{
    return t && row < t->rowCount() && t->item(row, column) ? t->item(row, column)->text()
                                                            : QString();
}

bool columnContains(QTableWidget *t, int column, const QString &text)
{
    for (int r = 0; t && r < t->rowCount(); ++r)
        if (cell(t, r, column).contains(text))
            return true;
    return false;
}

} // namespace

class tst_DeploymentsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { test::prepareConsoleTest(QStringLiteral("tst_deployments_panel")); }
    void init();
    void cleanup();

    void showsDeploymentTrafficAndEvidence();
    void approveAsReleaseManager();
    void refusedAsTheRequester();
    void refusedAsAViewer();
    void createsADeploymentFromTheConsole();
    void rollbackAsksForConfirmation();
    void watchesARemoteEndpoint();

private:
    void openConsole(bool requestAsAdmin);

    std::unique_ptr<test::WorkspaceFixture> m_fixture;
    std::unique_ptr<OtherProcess> m_other;
    std::unique_ptr<EngineBridge> m_bridge;
    std::unique_ptr<MainWindow> m_window;
    DeploymentsPanel *m_panel = nullptr;
    QTableWidget *m_table = nullptr;
};

void tst_DeploymentsPanel::init()
{
    m_fixture = std::make_unique<test::WorkspaceFixture>();
    QVERIFY2(m_fixture->create(), qPrintable(m_fixture->error()));
    m_other = std::make_unique<OtherProcess>();
    const QString error = m_other->open(m_fixture->path());
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void tst_DeploymentsPanel::cleanup()
{
    m_window.reset();
    m_bridge.reset();
    m_other.reset();
    m_fixture.reset();
}

void tst_DeploymentsPanel::openConsole(bool requestAsAdmin)
{
    QString error = m_other->deployAndRequest(requestAsAdmin ? m_other->admin : m_other->eve);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    error = m_other->logPredictions();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_bridge = std::make_unique<EngineBridge>();
    m_window = std::make_unique<MainWindow>(m_bridge.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->openWorkspace(m_fixture->path());
    m_panel = m_window->deploymentsPanel();
    QVERIFY(m_panel);
    for (int i = 0; i < m_window->panelCount(); ++i)
        if (m_window->panelAt(i) == m_panel)
            m_window->showPanel(i);
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->isVisible(), kTimeout);
    m_table = m_panel->findChild<QTableWidget *>(QStringLiteral("deploymentsTable"));
    QVERIFY(m_table);
    QTRY_COMPARE_WITH_TIMEOUT(m_table->rowCount(), 1, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->currentDeployment(), QStringLiteral("bc-prod"), kTimeout);
}

void tst_DeploymentsPanel::showsDeploymentTrafficAndEvidence()
{
    openConsole(false);
    QCOMPARE(cell(m_table, 0, 1), QStringLiteral("breast-cancer"));
    QCOMPARE(cell(m_table, 0, 4), QStringLiteral("v1 100%"));
    QTRY_COMPARE_WITH_TIMEOUT(cell(m_table, 0, 6), QStringLiteral("0.50"), kTimeout);
    QVERIFY(cell(m_table, 0, 7) != QStringLiteral("–"));
    QVERIFY(cell(m_table, 0, 8).contains(QStringLiteral("eve")));
    QCOMPARE(cell(m_table, 0, 5), QStringLiteral("no server running"));
    // It fits the window sizes the other panels allow.
    QVERIFY2(m_panel->minimumSizeHint().width() <= 800,
             qPrintable(QString::number(m_panel->minimumSizeHint().width())));

    auto *summary = m_panel->findChild<QLabel *>(QStringLiteral("requestSummary"));
    QTRY_VERIFY_WITH_TIMEOUT(summary->text().contains(QStringLiteral("better recall")), kTimeout);
    auto *metrics = m_panel->findChild<QTableWidget *>(QStringLiteral("evidenceMetrics"));
    QVERIFY(metrics->rowCount() > 0);
    auto *signature = m_panel->findChild<QLabel *>(QStringLiteral("evidenceSignature"));
    QVERIFY(signature->text().contains(QStringLiteral("compatible")));
    auto *timeline = m_panel->findChild<QTableWidget *>(QStringLiteral("timelineTable"));
    QVERIFY(columnContains(timeline, 1, QStringLiteral("rollout requested")));
    QVERIFY(columnContains(timeline, 1, QStringLiteral("created")));
}

void tst_DeploymentsPanel::approveAsReleaseManager()
{
    openConsole(false); // eve requested; the console acts as the admin
    auto *approve = m_panel->findChild<QPushButton *>(QStringLiteral("approveButton"));
    auto *comment = m_panel->findChild<QPlainTextEdit *>(QStringLiteral("decisionComment"));
    QTRY_VERIFY_WITH_TIMEOUT(comment->isEnabled(), kTimeout);
    QVERIFY(!approve->isEnabled()); // a comment is required
    QTest::keyClicks(comment, QStringLiteral("metrics and benchmark look fine"));
    QVERIFY(approve->isEnabled());
    QVERIFY(approve->toolTip().isEmpty());
    QTest::mouseClick(approve, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(cell(m_table, 0, 4), QStringLiteral("v1 90%, v2 10%"), kTimeout);
    QVERIFY(cell(m_table, 0, 8).startsWith(QStringLiteral("running")));
    auto *timeline = m_panel->findChild<QTableWidget *>(QStringLiteral("timelineTable"));
    QTRY_VERIFY_WITH_TIMEOUT(columnContains(timeline, 1, QStringLiteral("approved")), kTimeout);
    QVERIFY(columnContains(timeline, 4, QStringLiteral("metrics and benchmark look fine")));
    auto *chart = m_panel->findChild<widgets::RolloutChart *>(QStringLiteral("rolloutChart"));
    QTRY_VERIFY_WITH_TIMEOUT(!chart->data().trafficPercent.isEmpty(), kTimeout);
    QCOMPARE(chart->data().trafficPercent.last().y(), 10.0);
    QCOMPARE(chart->data().maxP99Ms.value_or(0), 50.0);
    QVERIFY(!approve->isEnabled()); // decided
}

void tst_DeploymentsPanel::refusedAsTheRequester()
{
    openConsole(true); // the console's own user requested it
    auto *approve = m_panel->findChild<QPushButton *>(QStringLiteral("approveButton"));
    auto *reject = m_panel->findChild<QPushButton *>(QStringLiteral("rejectButton"));
    auto *message = m_panel->findChild<widgets::InlineMessage *>(QStringLiteral("decisionMessage"));
    QTRY_VERIFY_WITH_TIMEOUT(approve->toolTip().contains(QStringLiteral("You requested")), kTimeout);
    QVERIFY(!approve->isEnabled());
    QVERIFY(!reject->isEnabled());
    QVERIFY(message->isVisible());
    QVERIFY(message->text().contains(QStringLiteral("another release manager")));
    QCOMPARE(m_panel->approvalView()->whyNotDecide(), approve->toolTip());
}

void tst_DeploymentsPanel::refusedAsAViewer()
{
    const QString token = m_fixture->addUserWithToken("victor", auth::Role::Viewer);
    QVERIFY2(!token.isEmpty(), qPrintable(m_fixture->error()));
    openConsole(false);
    m_bridge->setApiToken(token);
    auto *approve = m_panel->findChild<QPushButton *>(QStringLiteral("approveButton"));
    QTRY_VERIFY_WITH_TIMEOUT(approve->toolTip().contains(QStringLiteral("Only release managers")),
                             kTimeout);
    QVERIFY(!approve->isEnabled());
    auto *rollback = m_panel->findChild<QPushButton *>(QStringLiteral("rollbackButton"));
    QTRY_VERIFY_WITH_TIMEOUT(!rollback->isEnabled(), kTimeout);
    auto *create = m_panel->findChild<QPushButton *>(QStringLiteral("newDeploymentButton"));
    QTRY_VERIFY_WITH_TIMEOUT(!create->isEnabled(), kTimeout);
    QVERIFY(create->toolTip().contains(QStringLiteral("Only engineers")));
}

void tst_DeploymentsPanel::createsADeploymentFromTheConsole()
{
    openConsole(false);
    auto *create = m_panel->findChild<QPushButton *>(QStringLiteral("newDeploymentButton"));
    QTRY_VERIFY_WITH_TIMEOUT(create->isEnabled(), kTimeout);
    QTest::mouseClick(create, Qt::LeftButton);
    NewDeploymentDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = m_window->findChild<NewDeploymentDialog *>()), kTimeout);
    auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("deploymentNameEdit"));
    auto *model = dialog->findChild<QComboBox *>(QStringLiteral("deploymentModelBox"));
    auto *served = dialog->findChild<QComboBox *>(QStringLiteral("deploymentServedBox"));
    auto *ok = dialog->findChild<QPushButton *>(QStringLiteral("createDeploymentButton"));
    auto *message = dialog->findChild<widgets::InlineMessage *>(
        QStringLiteral("newDeploymentMessage"));
    QTRY_VERIFY_WITH_TIMEOUT(ok->isEnabled(), kTimeout);
    QCOMPARE(model->currentText(), QStringLiteral("breast-cancer"));
    // The model's aliases first, then its versions, newest first.
    QCOMPARE(served->itemText(0), QStringLiteral("@champion (now version 1)"));
    QCOMPARE(served->itemText(1), QStringLiteral("version 2"));

    // Refused before anything is sent: a name clients could not call.
    QTest::keyClicks(name, QStringLiteral("Bad Name"));
    QTest::mouseClick(ok, Qt::LeftButton);
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QStringLiteral("not a valid name")),
             qPrintable(message->text()));
    QVERIFY(!dialog->isRunning());

    // Refused by core: the name is taken.
    name->setText(QStringLiteral("bc-prod"));
    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(message->text().contains(QStringLiteral("Nothing was created")),
                             kTimeout);
    QVERIFY(dialog->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(ok->isEnabled(), kTimeout);

    name->setText(QStringLiteral("bc-eu"));
    served->setCurrentIndex(0); // the alias, resolved now
    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(m_table->rowCount(), 2, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->currentDeployment(), QStringLiteral("bc-eu"), kTimeout);
    auto *note = m_panel->findChild<widgets::InlineMessage *>(QStringLiteral("deploymentsMessage"));
    QVERIFY(note->text().contains(QStringLiteral("bc-eu created")));
    // What another process sees: the deployment, by the console's user, audited.
    auto made = m_other->deployments->get("bc-eu");
    QVERIFY2(made.ok(), made.ok() ? "" : made.error().message.c_str());
    QCOMPARE(made->stableVersion, 1);
    QCOMPARE(made->createdBy, m_bridge->actor().name);
}

void tst_DeploymentsPanel::rollbackAsksForConfirmation()
{
    openConsole(false);
    auto *approve = m_panel->findChild<QPushButton *>(QStringLiteral("approveButton"));
    auto *comment = m_panel->findChild<QPlainTextEdit *>(QStringLiteral("decisionComment"));
    QTRY_VERIFY_WITH_TIMEOUT(comment->isEnabled(), kTimeout);
    QTest::keyClicks(comment, QStringLiteral("go"));
    QTest::mouseClick(approve, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(cell(m_table, 0, 4), QStringLiteral("v1 90%, v2 10%"), kTimeout);
    auto *rollback = m_panel->findChild<QPushButton *>(QStringLiteral("rollbackButton"));
    QTRY_VERIFY_WITH_TIMEOUT(rollback->isEnabled(), kTimeout);

    // Cancelled: nothing changes.
    bool sawDialog = false;
    QTimer::singleShot(0, this, [&] {
        auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
        sawDialog = dialog && dialog->objectName() == QStringLiteral("rollbackDialog");
        if (dialog)
            dialog->reject();
    });
    QTest::mouseClick(rollback, Qt::LeftButton);
    QVERIFY(sawDialog);
    QCOMPARE(cell(m_table, 0, 4), QStringLiteral("v1 90%, v2 10%"));

    // Confirmed with a comment: the candidate goes.
    bool okWasDisabled = false;
    QTimer::singleShot(0, this, [&] {
        auto *dialog = QApplication::activeModalWidget();
        if (!dialog)
            return;
        auto *ok = dialog->findChild<QPushButton *>(QStringLiteral("confirmRollbackButton"));
        auto *text = dialog->findChild<QLineEdit *>(QStringLiteral("rollbackComment"));
        okWasDisabled = ok && !ok->isEnabled();
        QTest::keyClicks(text, QStringLiteral("p99 too high on the canary"));
        QTest::mouseClick(ok, Qt::LeftButton);
    });
    QTest::mouseClick(rollback, Qt::LeftButton);
    QVERIFY(okWasDisabled);
    QTRY_COMPARE_WITH_TIMEOUT(cell(m_table, 0, 4), QStringLiteral("v1 100%"), kTimeout);
    auto *timeline = m_panel->findChild<QTableWidget *>(QStringLiteral("timelineTable"));
    QTRY_VERIFY_WITH_TIMEOUT(columnContains(timeline, 1, QStringLiteral("rolled back")), kTimeout);
    auto *message = m_panel->findChild<widgets::InlineMessage *>(
        QStringLiteral("deploymentsMessage"));
    QVERIFY(message->text().contains(QStringLiteral("rolled back")));
}

void tst_DeploymentsPanel::watchesARemoteEndpoint()
{
    test::LocalServer server;
    server.server().Get("/v2/health/ready",
                        [](const httplib::Request &, httplib::Response &res) { res.status = 200; });
    server.start();
    openConsole(false);
    QVERIFY(!m_panel->addRemoteEndpoint(QStringLiteral("not a url")));
    const QString url = QString::fromStdString(server.url("/"));
    QVERIFY(m_panel->addRemoteEndpoint(url));
    auto *endpoints = m_panel->findChild<QTableWidget *>(QStringLiteral("endpointsTable"));
    QCOMPARE(endpoints->rowCount(), 1);
    QCOMPARE(cell(endpoints, 0, 0), url);
    QTRY_COMPARE_WITH_TIMEOUT(cell(endpoints, 0, 2), QStringLiteral("ready"), kTimeout);
    QVERIFY(cell(endpoints, 0, 3) != QStringLiteral("–"));
    server.stop();
    QTRY_COMPARE_WITH_TIMEOUT(cell(endpoints, 0, 2), QStringLiteral("unreachable"), kTimeout);
}

QTEST_MAIN(tst_DeploymentsPanel)
#include "tst_deployments_panel.moc"
