#include "core/auth/user_directory.h"

#include "core/auth/audit_log.h"
#include "core/common/sha256.h"
#include "core/common/text.h"

#include <openssl/rand.h>

namespace mdeck::auth {

namespace {

constexpr const char *kUserColumns
    = "id, name, role, coalesce(os_login, ''), created_at, created_by, disabled";

User readUser(const store::Statement &st)
{
    User u;
    u.id = st.int64(0);
    u.name = st.text(1);
    u.role = parseRole(st.text(2)).value();
    u.osLogin = st.text(3);
    u.createdAt = st.int64(4);
    u.createdBy = st.text(5);
    u.disabled = st.int64(6) != 0;
    return u;
}

Actor actorFor(const User &u, const char *via)
{
    return Actor{u.id, u.name, u.role, true, via};
}

Result<std::optional<User>> queryUser(store::Database &db, const char *where, const std::string &arg)
{
    auto st = db.prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE " + where);
    if (!st)
        return st.error();
    st->bind(1, arg);
    auto row = st->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<User>();
    return std::optional<User>(readUser(*st));
}

Result<User> insertUser(store::Database &db, const std::string &name, Role role,
                        const std::string &login, const std::string &createdBy)
{
    auto st = db.prepare("INSERT INTO users(name, role, os_login, created_at, created_by) "
                         "VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!st)
        return st.error();
    const auto now = nowMillis();
    st->bind(1, name).bind(2, roleName(role)).bind(4, now).bind(5, createdBy);
    if (login.empty())
        st->bindNull(3);
    else
        st->bind(3, login);
    if (auto r = st->run(); !r) {
        if (r.error().code == ErrorCode::Conflict)
            return Error(ErrorCode::Conflict,
                         "a user named '" + name + "' or bound to account '" + login
                             + "' already exists");
        return r.error();
    }
    return User{db.lastInsertId(), name, role, login, now, createdBy, false};
}

std::string loginAsUserName(const std::string &login)
{
    std::string s;
    for (char c : login) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        s.push_back(isValidName(std::string(1, c)) || c == '.' || c == '_' || c == '-' ? c : '-');
    }
    if (!isValidName(s))
        s = "admin";
    return s.substr(0, 64);
}

} // namespace

UserDirectory::UserDirectory(store::Database &db)
    : m_db(db)
{}

std::string UserDirectory::hashToken(const std::string &secret)
{
    return Sha256::hex(secret);
}

Result<Actor> UserDirectory::bootstrap(const std::string &login)
{
    {
        auto tx = m_db.begin();
        if (!tx)
            return tx.error();
        auto count = m_db.prepare("SELECT count(*) FROM users");
        if (!count)
            return count.error();
        auto row = count->step();
        if (!row)
            return row.error();
        const bool empty = count->int64(0) == 0;
        count->reset();
        if (empty) {
            auto user = insertUser(m_db, loginAsUserName(login), Role::Admin, login, "bootstrap");
            if (!user)
                return user.error();
            const Actor actor = actorFor(*user, "os-login");
            MDECK_TRY(AuditLog::append(m_db, actor, "user.add", "user:" + user->name,
                                       Json{{"role", "admin"},
                                            {"os_login", login},
                                            {"first_user", true}}));
            MDECK_TRY(tx->commit());
            return actor;
        }
    }
    return resolve(std::nullopt, login);
}

Result<Actor> UserDirectory::resolve(const std::optional<std::string> &token,
                                     const std::string &login)
{
    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    if (token) {
        auto st = m_db.prepare(
            std::string("SELECT u.id, u.name, u.role, coalesce(u.os_login, ''), u.created_at, "
                        "u.created_by, u.disabled, t.expires_at, t.revoked_at "
                        "FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?1"));
        if (!st)
            return st.error();
        st->bind(1, hashToken(*token));
        auto row = st->step();
        if (!row)
            return row.error();
        if (!*row)
            return Error(ErrorCode::Unauthenticated,
                         "the API token is not valid for this workspace");
        const User u = readUser(*st);
        const bool expired = !st->isNull(7) && st->int64(7) < nowMillis();
        const bool revoked = !st->isNull(8);
        if (revoked)
            return Error(ErrorCode::Unauthenticated, "the API token was revoked");
        if (expired)
            return Error(ErrorCode::Unauthenticated, "the API token has expired");
        if (u.disabled)
            return Error(ErrorCode::Unauthenticated, "user '" + u.name + "' is disabled");
        return actorFor(u, "token");
    }
    auto user = queryUser(m_db, "os_login = ?1", login);
    if (!user)
        return user.error();
    if (*user && !(*user)->disabled)
        return actorFor(**user, "os-login");
    return Actor{0, "os:" + login, Role::Viewer, false, "anonymous"};
}

Result<User> UserDirectory::addUser(const Actor &actor, const std::string &name, Role role,
                                    const std::string &login)
{
    MDECK_TRY(require(actor, Permission::ManageUsers));
    MDECK_TRY(checkName(name, "user"));
    if (!login.empty() && (login.size() > 64 || !isCleanText(login)))
        return Error(ErrorCode::InvalidArgument,
                     "operating-system account '" + login + "' is not a valid login name");
    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto user = insertUser(m_db, name, role, login, actor.name);
    if (!user)
        return user.error();
    Json details{{"role", roleName(role)}};
    if (!login.empty())
        details["os_login"] = login;
    MDECK_TRY(AuditLog::append(m_db, actor, "user.add", "user:" + name, details));
    MDECK_TRY(tx->commit());
    return user;
}

Result<User> UserDirectory::setRole(const Actor &actor, const std::string &name, Role role)
{
    MDECK_TRY(require(actor, Permission::ManageUsers));
    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto user = queryUser(m_db, "name = ?1", name);
    if (!user)
        return user.error();
    if (!*user)
        return Error(ErrorCode::NotFound, "no user named '" + name + "'");
    if ((*user)->role == Role::Admin && role != Role::Admin) {
        auto admins = m_db.prepare(
            "SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0");
        if (!admins)
            return admins.error();
        MDECK_TRY(admins->step());
        if (admins->int64(0) <= 1)
            return Error(ErrorCode::Conflict, "'" + name + "' is the last admin of this workspace");
    }
    auto st = m_db.prepare("UPDATE users SET role = ?1 WHERE id = ?2");
    if (!st)
        return st.error();
    st->bind(1, roleName(role)).bind(2, (*user)->id);
    MDECK_TRY(st->run());
    MDECK_TRY(AuditLog::append(m_db, actor, "user.role", "user:" + name,
                               Json{{"from", roleName((*user)->role)}, {"to", roleName(role)}}));
    MDECK_TRY(tx->commit());
    User u = **user;
    u.role = role;
    return u;
}

Result<std::vector<User>> UserDirectory::listUsers()
{
    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    auto st = m_db.prepare(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY name");
    if (!st)
        return st.error();
    std::vector<User> out;
    for (;;) {
        auto row = st->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        out.push_back(readUser(*st));
    }
    return out;
}

Result<User> UserDirectory::findUser(const std::string &name)
{
    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    auto user = queryUser(m_db, "name = ?1", name);
    if (!user)
        return user.error();
    if (!*user)
        return Error(ErrorCode::NotFound, "no user named '" + name + "'");
    return **user;
}

Result<NewToken> UserDirectory::createToken(const Actor &actor, const std::string &userName,
                                            const std::string &label,
                                            std::optional<int> expiresInDays)
{
    if (!actor.authenticated)
        MDECK_TRY(require(actor, Permission::ManageModels)); // gives the unauthenticated message
    if (userName != actor.name)
        MDECK_TRY(require(actor, Permission::ManageUsers));
    if (label.size() > 128 || !isCleanText(label))
        return Error(ErrorCode::InvalidArgument,
                     "the token label must be at most 128 printable characters");
    if (expiresInDays && (*expiresInDays < 1 || *expiresInDays > 3650))
        return Error(ErrorCode::InvalidArgument, "a token expires after 1 to 3650 days");
    unsigned char raw[24];
    if (RAND_bytes(raw, sizeof raw) != 1)
        return Error(ErrorCode::Internal, "the system's random number generator failed");
    static const char kHex[] = "0123456789abcdef";
    std::string secret = "mdk_";
    for (unsigned char b : raw) {
        secret.push_back(kHex[b >> 4]);
        secret.push_back(kHex[b & 0xf]);
    }
    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto user = queryUser(m_db, "name = ?1", userName);
    if (!user)
        return user.error();
    if (!*user)
        return Error(ErrorCode::NotFound, "no user named '" + userName + "'");
    NewToken t;
    t.secret = secret;
    t.info.user = userName;
    t.info.label = label;
    t.info.prefix = secret.substr(0, 10);
    t.info.createdAt = nowMillis();
    if (expiresInDays)
        t.info.expiresAt = t.info.createdAt + std::int64_t(*expiresInDays) * 86400000;
    auto st = m_db.prepare(
        "INSERT INTO tokens(user_id, label, token_hash, prefix, created_at, expires_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!st)
        return st.error();
    st->bind(1, (*user)->id).bind(2, label).bind(3, hashToken(secret)).bind(4, t.info.prefix);
    st->bind(5, t.info.createdAt).bindOptional(6, t.info.expiresAt);
    MDECK_TRY(st->run());
    t.info.id = m_db.lastInsertId();
    MDECK_TRY(AuditLog::append(m_db, actor, "token.create", "user:" + userName,
                               Json{{"token_id", t.info.id},
                                    {"label", label},
                                    {"prefix", t.info.prefix}}));
    MDECK_TRY(tx->commit());
    return t;
}

Result<void> UserDirectory::revokeToken(const Actor &actor, std::int64_t tokenId)
{
    auto tx = m_db.begin();
    if (!tx)
        return tx.error();
    auto st = m_db.prepare(
        "SELECT u.name FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?1");
    if (!st)
        return st.error();
    st->bind(1, tokenId);
    auto row = st->step();
    if (!row)
        return row.error();
    if (!*row)
        return Error(ErrorCode::NotFound, "no token #" + std::to_string(tokenId));
    const std::string owner = st->text(0);
    st->reset();
    if (owner != actor.name || !actor.authenticated)
        MDECK_TRY(require(actor, Permission::ManageUsers));
    auto up = m_db.prepare(
        "UPDATE tokens SET revoked_at = ?1 WHERE id = ?2 AND revoked_at IS NULL");
    if (!up)
        return up.error();
    up->bind(1, nowMillis()).bind(2, tokenId);
    MDECK_TRY(up->run());
    MDECK_TRY(AuditLog::append(m_db, actor, "token.revoke", "user:" + owner,
                               Json{{"token_id", tokenId}}));
    return tx->commit();
}

Result<std::vector<TokenInfo>> UserDirectory::listTokens(const Actor &actor)
{
    const bool all = allows(actor.role, Permission::ManageUsers) && actor.authenticated;
    auto tx = m_db.beginRead();
    if (!tx)
        return tx.error();
    auto st = m_db.prepare(
        "SELECT t.id, u.name, t.label, t.prefix, t.created_at, t.expires_at, t.revoked_at "
        "FROM tokens t JOIN users u ON u.id = t.user_id "
        "WHERE ?1 OR u.name = ?2 ORDER BY t.id");
    if (!st)
        return st.error();
    st->bind(1, all ? 1 : 0).bind(2, actor.name);
    std::vector<TokenInfo> out;
    for (;;) {
        auto row = st->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        TokenInfo t;
        t.id = st->int64(0);
        t.user = st->text(1);
        t.label = st->text(2);
        t.prefix = st->text(3);
        t.createdAt = st->int64(4);
        if (!st->isNull(5))
            t.expiresAt = st->int64(5);
        if (!st->isNull(6))
            t.revokedAt = st->int64(6);
        out.push_back(t);
    }
    return out;
}

} // namespace mdeck::auth
