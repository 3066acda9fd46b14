#include "app/mdeck/commands.h"

#include "app/mdeck/json_views.h"
#include "app/mdeck/text_table.h"
#include "core/common/text.h"

#include <ostream>

namespace mdeck::cli {

namespace {

struct Session
{
    auth::UserDirectory *users = nullptr;
    auth::Actor actor;
};

Result<Session> session(CommandContext &ctx)
{
    auto users = ctx.users();
    if (!users)
        return users.error();
    auto actor = ctx.actor();
    if (!actor)
        return actor.error();
    return Session{*users, *actor};
}

std::string optionalTime(const std::optional<std::int64_t> &millis)
{
    return millis ? isoTime(*millis) : "-";
}

} // namespace

Result<void> userAdd(CommandContext &ctx, const UserAddOptions &o)
{
    auto role = auth::parseRole(o.role);
    if (!role)
        return role.error();
    auto s = session(ctx);
    if (!s)
        return s.error();
    auto user = s->users->addUser(s->actor, o.name, *role, o.osLogin);
    if (!user)
        return user.error();
    if (ctx.json())
        ctx.printJson(userJson(*user));
    else
        ctx.out() << "Added user " << user->name << " (" << auth::roleName(user->role) << ")"
                  << (user->osLogin.empty() ? std::string() : ", bound to account " + user->osLogin)
                  << '\n';
    return success();
}

Result<void> userList(CommandContext &ctx)
{
    ctx.readOnly();
    auto s = session(ctx);
    if (!s)
        return s.error();
    auto users = s->users->listUsers();
    if (!users)
        return users.error();
    if (ctx.json()) {
        Json list = Json::array();
        for (const auto &u : *users)
            list.push_back(userJson(u));
        ctx.printJson(Json{{"users", list}, {"you", actorJson(s->actor)}});
        return success();
    }
    TextTable t({"NAME", "ROLE", "OS ACCOUNT", "CREATED", "BY", "DISABLED"});
    for (const auto &u : *users)
        t.addRow({u.name, auth::roleName(u.role), u.osLogin.empty() ? "-" : u.osLogin,
                  isoTime(u.createdAt), u.createdBy, u.disabled ? "yes" : "no"});
    t.print(ctx.out());
    return success();
}

Result<void> userRole(CommandContext &ctx, const UserRoleOptions &o)
{
    auto role = auth::parseRole(o.role);
    if (!role)
        return role.error();
    auto s = session(ctx);
    if (!s)
        return s.error();
    auto user = s->users->setRole(s->actor, o.name, *role);
    if (!user)
        return user.error();
    if (ctx.json())
        ctx.printJson(userJson(*user));
    else
        ctx.out() << "User " << user->name << " is now " << auth::roleName(user->role) << '\n';
    return success();
}

Result<void> tokenCreate(CommandContext &ctx, const TokenCreateOptions &o)
{
    auto s = session(ctx);
    if (!s)
        return s.error();
    const std::string owner = o.user.empty() ? s->actor.name : o.user;
    auto token = s->users->createToken(s->actor, owner, o.label, o.expiresDays);
    if (!token)
        return token.error();
    if (ctx.json()) {
        Json j = tokenJson(token->info);
        j["secret"] = token->secret;
        ctx.printJson(j);
    } else {
        ctx.out() << "Created token #" << token->info.id << " for " << token->info.user
                  << (token->info.expiresAt ? ", expires " + isoTime(*token->info.expiresAt)
                                            : std::string())
                  << '\n'
                  << token->secret << '\n';
    }
    // On stderr, so that the warning is seen even when stdout is captured.
    ctx.err() << "mdeck: note: this is the only time the token is shown; store it now (it is kept "
                 "only as a hash)\n";
    return success();
}

Result<void> tokenList(CommandContext &ctx)
{
    ctx.readOnly();
    auto s = session(ctx);
    if (!s)
        return s.error();
    auto tokens = s->users->listTokens(s->actor);
    if (!tokens)
        return tokens.error();
    if (ctx.json()) {
        Json list = Json::array();
        for (const auto &t : *tokens)
            list.push_back(tokenJson(t));
        ctx.printJson(Json{{"tokens", list}});
        return success();
    }
    if (tokens->empty()) {
        ctx.out() << "No tokens.\n";
        return success();
    }
    TextTable t({"ID", "USER", "LABEL", "PREFIX", "CREATED", "EXPIRES", "REVOKED"});
    t.alignRight(0);
    for (const auto &tok : *tokens)
        t.addRow({std::to_string(tok.id), tok.user, tok.label.empty() ? "-" : tok.label,
                  tok.prefix + "…", isoTime(tok.createdAt), optionalTime(tok.expiresAt),
                  optionalTime(tok.revokedAt)});
    t.print(ctx.out());
    return success();
}

Result<void> tokenRevoke(CommandContext &ctx, const TokenRevokeOptions &o)
{
    auto s = session(ctx);
    if (!s)
        return s.error();
    MDECK_TRY(s->users->revokeToken(s->actor, o.id));
    if (ctx.json())
        ctx.printJson(Json{{"id", o.id}, {"revoked", true}});
    else
        ctx.out() << "Revoked token #" << o.id << '\n';
    return success();
}

} // namespace mdeck::cli
