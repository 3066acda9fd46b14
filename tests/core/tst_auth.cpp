#include "test_support.h"

#include "core/auth/audit_log.h"

using namespace mdeck;
using auth::Permission;
using auth::Role;

namespace {

void rawExec(store::Database &db, const std::string &sql)
{
    auto tx = db.begin();
    QVERIFY(tx.ok());
    auto r = db.exec(sql);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QVERIFY(tx->commit().ok());
}

} // namespace

class tst_Auth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roleMatrix_data()
    {
        QTest::addColumn<int>("role");
        QTest::addColumn<int>("permission");
        QTest::addColumn<bool>("allowed");
        const std::pair<Role, const char *> roles[] = {{Role::Viewer, "viewer"},
                                                       {Role::Engineer, "engineer"},
                                                       {Role::ReleaseManager, "release-manager"},
                                                       {Role::Admin, "admin"}};
        const std::pair<Permission, const char *> perms[]
            = {{Permission::Read, "read"},
               {Permission::ManageModels, "manage models"},
               {Permission::ApproveRollout, "approve"},
               {Permission::ManageUsers, "manage users"}};
        const bool expected[4][4] = {
            {true, false, false, false}, // viewer
            {true, true, false, false},  // engineer
            {true, true, true, false},   // release manager
            {true, true, true, true},    // admin
        };
        for (int r = 0; r < 4; ++r)
            for (int p = 0; p < 4; ++p)
                QTest::addRow("%s %s", roles[r].second, perms[p].second)
                    << int(roles[r].first) << int(perms[p].first) << expected[r][p];
    }

    void roleMatrix()
    {
        QFETCH(int, role);
        QFETCH(int, permission);
        QFETCH(bool, allowed);
        auth::Actor actor{1, "someone", Role(role), true, "token"};
        QCOMPARE(auth::require(actor, Permission(permission)).ok(), allowed);
        if (!allowed)
            QCOMPARE(auth::require(actor, Permission(permission)).error().code,
                     ErrorCode::PermissionDenied);
    }

    void roleNamesRoundTrip()
    {
        for (Role r : {Role::Viewer, Role::Engineer, Role::ReleaseManager, Role::Admin})
            QCOMPARE(auth::parseRole(auth::roleName(r)).value(), r);
        QVERIFY(!auth::parseRole("root"));
    }

    void firstUserIsAdmin()
    {
        test::ScratchWorkspace s;
        QCOMPARE(s.admin.role, Role::Admin);
        QVERIFY(s.admin.authenticated);
        QCOMPARE(s.admin.via, std::string("os-login"));
        // A second bootstrap does not create another admin.
        auto again = s.users->bootstrap(auth::osLogin());
        MDECK_VERIFY_OK(again);
        QCOMPARE(again->userId, s.admin.userId);
        QCOMPARE(s.users->listUsers()->size(), std::size_t(1));
    }

    void unknownAccountMayOnlyRead()
    {
        test::ScratchWorkspace s;
        auto stranger = s.users->resolve(std::nullopt, "mallory");
        MDECK_VERIFY_OK(stranger);
        QVERIFY(!stranger->authenticated);
        QCOMPARE(stranger->name, std::string("os:mallory"));
        QVERIFY(auth::require(*stranger, Permission::Read).ok());
        auto denied = auth::require(*stranger, Permission::ManageModels);
        QCOMPARE(denied.error().code, ErrorCode::Unauthenticated);
    }

    void environmentDoesNotChangeIdentity()
    {
        test::ScratchWorkspace s;
        const std::string before = auth::osLogin();
        qputenv("USER", "release-boss");
        qputenv("LOGNAME", "release-boss");
        QCOMPARE(auth::osLogin(), before);
    }

    void tokensActAsTheirOwner()
    {
        test::ScratchWorkspace s;
        MDECK_VERIFY_OK(s.users->addUser(s.admin, "eve", Role::Engineer));
        auto token = s.users->createToken(s.admin, "eve", "ci", std::nullopt);
        MDECK_VERIFY_OK(token);
        QVERIFY(token->secret.rfind("mdk_", 0) == 0);
        QCOMPARE(token->secret.size(), std::size_t(52));
        auto eve = s.users->resolve(token->secret, "whoever");
        MDECK_VERIFY_OK(eve);
        QCOMPARE(eve->name, std::string("eve"));
        QCOMPARE(eve->role, Role::Engineer);
        QCOMPARE(eve->via, std::string("token"));
        // Only the hash is stored.
        auto tx = s.ws->db().beginRead();
        auto st = s.ws->db().prepare(
            "SELECT count(*) FROM tokens WHERE token_hash = ?1 OR token_hash = ?2");
        st->bind(1, token->secret).bind(2, auth::UserDirectory::hashToken(token->secret));
        QVERIFY(st->step().value());
        QCOMPARE(st->int64(0), std::int64_t(1));
    }

    void badRevokedAndForeignTokensAreRefused()
    {
        test::ScratchWorkspace s;
        auto bad = s.users->resolve(std::string("mdk_0000"), "x");
        QCOMPARE(bad.error().code, ErrorCode::Unauthenticated);
        auto token = s.users->createToken(s.admin, s.admin.name, "temp", 30);
        MDECK_VERIFY_OK(token);
        MDECK_VERIFY_OK(s.users->resolve(token->secret, "x"));
        MDECK_VERIFY_OK(s.users->revokeToken(s.admin, token->info.id));
        auto revoked = s.users->resolve(token->secret, "x");
        QVERIFY(!revoked);
        QVERIFY(revoked.error().message.find("revoked") != std::string::npos);
        test::ScratchWorkspace other;
        auto foreign = other.users->resolve(token->secret, "x");
        QCOMPARE(foreign.error().code, ErrorCode::Unauthenticated);
    }

    void expiredTokenIsRefused()
    {
        test::ScratchWorkspace s;
        auto token = s.users->createToken(s.admin, s.admin.name, "old", 1);
        MDECK_VERIFY_OK(token);
        rawExec(s.ws->db(), "UPDATE tokens SET expires_at = 1");
        auto r = s.users->resolve(token->secret, "x");
        QVERIFY(!r);
        QVERIFY(r.error().message.find("expired") != std::string::npos);
    }

    void onlyAdminsManageUsers()
    {
        test::ScratchWorkspace s;
        MDECK_VERIFY_OK(s.users->addUser(s.admin, "eng", Role::Engineer));
        auto engToken = s.users->createToken(s.admin, "eng", "", std::nullopt);
        const auth::Actor eng = s.users->resolve(engToken->secret, "x").value();
        auto denied = s.users->addUser(eng, "sneaky", Role::Admin);
        QCOMPARE(denied.error().code, ErrorCode::PermissionDenied);
        QVERIFY(!s.users->findUser("sneaky"));
        MDECK_VERIFY_OK(s.users->createToken(eng, "eng", "own", std::nullopt));
        QCOMPARE(s.users->createToken(eng, s.admin.name, "steal", std::nullopt).error().code,
                 ErrorCode::PermissionDenied);
        QCOMPARE(s.users->setRole(eng, "eng", Role::Admin).error().code,
                 ErrorCode::PermissionDenied);
        QCOMPARE(s.users->addUser(s.admin, "eng", Role::Viewer).error().code, ErrorCode::Conflict);
        QCOMPARE(s.users->addUser(s.admin, "Bad Name", Role::Viewer).error().code,
                 ErrorCode::InvalidArgument);
        QCOMPARE(s.users->listTokens(eng)->size(), std::size_t(2));
    }

    void lastAdminCannotBeDemoted()
    {
        test::ScratchWorkspace s;
        auto r = s.users->setRole(s.admin, s.admin.name, Role::Viewer);
        QCOMPARE(r.error().code, ErrorCode::Conflict);
        MDECK_VERIFY_OK(s.users->addUser(s.admin, "second", Role::Admin));
        MDECK_VERIFY_OK(s.users->setRole(s.admin, "second", Role::Viewer));
    }

    void auditChainVerifies()
    {
        test::ScratchWorkspace s;
        for (int i = 0; i < 5; ++i)
            MDECK_VERIFY_OK(s.users->addUser(s.admin, "user" + std::to_string(i), Role::Viewer));
        auto v = auth::AuditLog::verify(s.ws->db());
        MDECK_VERIFY_OK(v);
        QVERIFY(v->ok);
        QCOMPARE(v->checked, std::int64_t(6)); // bootstrap + 5
        auth::AuditQuery q;
        q.subjectPrefix = "user:user3";
        auto entries = auth::AuditLog::list(s.ws->db(), q);
        QCOMPARE(entries->size(), std::size_t(1));
        QCOMPARE(entries->front().action, std::string("user.add"));
        QCOMPARE(entries->front().actor, s.admin.name);
    }

    void auditTamperingIsDetected_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<int>("badSeq");
        QTest::addColumn<QString>("needle");
        QTest::addRow("edited details")
            << "UPDATE audit_log SET details = '{\"role\":\"admin\"}' WHERE seq = 3" << 3
            << "was edited";
        QTest::addRow("edited actor")
            << "UPDATE audit_log SET actor = 'nobody' WHERE seq = 2" << 2 << "was edited";
        QTest::addRow("deleted middle")
            << "DELETE FROM audit_log WHERE seq = 3" << 3 << "is missing";
        QTest::addRow("deleted tail")
            << "DELETE FROM audit_log WHERE seq = 4" << 4 << "missing from the end";
        QTest::addRow("reordered") << "UPDATE audit_log SET seq = seq + 100 WHERE seq IN (2, 3); "
                                      "UPDATE audit_log SET seq = 3 WHERE seq = 102; UPDATE "
                                      "audit_log SET seq = 2 WHERE seq = 103;"
                                   << 2 << "does not follow";
        QTest::addRow("rehashed edit") << "UPDATE audit_log SET action = 'user.remove', hash = 'f' "
                                          "|| substr(hash, 2) WHERE seq = 2"
                                       << 2 << "was edited";
    }

    void auditTamperingIsDetected()
    {
        QFETCH(QString, sql);
        QFETCH(int, badSeq);
        QFETCH(QString, needle);
        test::ScratchWorkspace s;
        for (int i = 0; i < 3; ++i)
            MDECK_VERIFY_OK(s.users->addUser(s.admin, "user" + std::to_string(i), Role::Viewer));
        QVERIFY(auth::AuditLog::verify(s.ws->db())->ok);
        rawExec(s.ws->db(), sql.toStdString());
        auto v = auth::AuditLog::verify(s.ws->db());
        MDECK_VERIFY_OK(v);
        QVERIFY(!v->ok);
        QCOMPARE(v->badSeq, std::int64_t(badSeq));
        QVERIFY2(v->problem.find(needle.toStdString()) != std::string::npos, v->problem.c_str());
        QVERIFY2(v->problem.find("#" + std::to_string(badSeq)) != std::string::npos,
                 v->problem.c_str());
    }
};

QTEST_GUILESS_MAIN(tst_Auth)
#include "tst_auth.moc"
