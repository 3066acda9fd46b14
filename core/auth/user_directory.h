#pragma once

// The users of a workspace and their API tokens. A process acts as the
// workspace user bound to its operating-system account, or as the owner of a
// secret token it presents; tokens are stored only as SHA-256 hashes and are
// shown once, at creation. The first user of a new workspace is its admin.
// Callable from any thread. Errors: InvalidArgument, NotFound, Conflict,
// PermissionDenied, Unauthenticated.

#include "core/auth/auth.h"
#include "core/store/database.h"

#include <optional>
#include <vector>

namespace mdeck::auth {

struct User
{
    std::int64_t id = 0;
    std::string name;
    Role role = Role::Viewer;
    std::string osLogin; // "" when not bound to an account
    std::int64_t createdAt = 0;
    std::string createdBy;
    bool disabled = false;
};

struct TokenInfo
{
    std::int64_t id = 0;
    std::string user;
    std::string label;
    std::string prefix; // the first characters, to recognise a token without revealing it
    std::int64_t createdAt = 0;
    std::optional<std::int64_t> expiresAt;
    std::optional<std::int64_t> revokedAt;
};

struct NewToken
{
    TokenInfo info;
    std::string secret; // "mdk_…", shown once
};

class UserDirectory
{
public:
    explicit UserDirectory(store::Database &db);

    // When the workspace has no user yet, makes `login` its admin (bound to
    // that account) and returns it; otherwise returns the existing resolution.
    Result<Actor> bootstrap(const std::string &login);

    // A token wins; without one, the user bound to the operating-system
    // account; without that, an unauthenticated reader named "os:<login>".
    Result<Actor> resolve(const std::optional<std::string> &token, const std::string &login);

    Result<User> addUser(const Actor &actor, const std::string &name, Role role,
                         const std::string &osLogin = {});
    Result<User> setRole(const Actor &actor, const std::string &name, Role role);
    Result<std::vector<User>> listUsers();
    Result<User> findUser(const std::string &name);

    // Admins may create tokens for anyone; others only for themselves.
    Result<NewToken> createToken(const Actor &actor, const std::string &userName,
                                 const std::string &label, std::optional<int> expiresInDays);
    Result<void> revokeToken(const Actor &actor, std::int64_t tokenId);
    Result<std::vector<TokenInfo>> listTokens(const Actor &actor);

    static std::string hashToken(const std::string &secret);

private:
    store::Database &m_db;
};

} // namespace mdeck::auth
