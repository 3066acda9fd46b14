#include "app/mdeck/commands.h"

#include "app/mdeck/json_views.h"
#include "app/mdeck/text_table.h"
#include "core/common/files.h"
#include "core/common/system_info.h"
#include "core/ml/torchscript_check.h"

#include <mdeck/version.h>

#include <ostream>

namespace mdeck::cli {

Result<void> printVersion(CommandContext &ctx)
{
    const BlasInfo blas = detectBlas();
    const std::string summary = blasSummary();
    if (ctx.json()) {
        ctx.printJson(Json{{"mdeck", MDECK_VERSION},
                           {"libtorch", ml::torchVersion()},
                           {"blas",
                            {{"name", blas.name},
                             {"path", blas.path},
                             {"details", blas.details},
                             {"reference", blas.isReference},
                             {"summary", summary}}}});
    } else {
        ctx.out() << "mdeck " << MDECK_VERSION << '\n'
                  << "LibTorch " << ml::torchVersion() << '\n'
                  << summary << '\n';
    }
    // Also on stderr, so the warning is seen when stdout goes to a file or a parser.
    if (blas.isReference)
        ctx.warn("the reference BLAS (" + blas.path
                 + ") is loaded: training and inference will be far slower than with OpenBLAS");
    return success();
}

Result<void> initWorkspace(CommandContext &ctx)
{
    const std::string dir = ctx.options().workspace;
    const bool existed = fileExists(store::Workspace::databasePath(dir));
    auto ws = store::Workspace::create(dir);
    if (!ws)
        return ws.error();
    ctx.adoptWorkspace(std::move(*ws));
    auto users = ctx.users();
    if (!users)
        return users.error();
    auto me = (*users)->bootstrap(auth::osLogin());
    if (!me)
        return me.error();
    auto all = (*users)->listUsers();
    if (!all)
        return all.error();
    std::vector<auth::User> admins;
    for (const auto &u : *all)
        if (u.role == auth::Role::Admin && !u.disabled)
            admins.push_back(u);
    auto root = ctx.workspace();
    if (!root)
        return root.error();
    const std::string path = (*root)->dir();

    if (ctx.json()) {
        Json list = Json::array();
        for (const auto &a : admins)
            list.push_back(userJson(a));
        ctx.printJson(Json{{"workspace", path},
                           {"created", !existed},
                           {"admins", list},
                           {"you", actorJson(*me)}});
        return success();
    }
    std::ostream &out = ctx.out();
    out << (existed ? "Workspace " + path + " already exists.\n"
                    : "Created workspace " + path + "\n");
    for (const auto &a : admins)
        out << "Admin: " << a.name
            << (a.osLogin.empty() ? std::string() : " (operating-system account " + a.osLogin + ")")
            << '\n';
    out << "You act as " << me->name << " (" << auth::roleName(me->role) << ")\n";
    if (!existed)
        out << "Next: add users with 'mdeck user add', then register models with 'mdeck model "
               "register'.\n";
    return success();
}

} // namespace mdeck::cli
