#include "core/auth/auth.h"

#include <pwd.h>
#include <unistd.h>

namespace mdeck::auth {

const char *roleName(Role role)
{
    switch (role) {
    case Role::Viewer:
        return "viewer";
    case Role::Engineer:
        return "engineer";
    case Role::ReleaseManager:
        return "release-manager";
    case Role::Admin:
        return "admin";
    }
    return "viewer";
}

Result<Role> parseRole(std::string_view text)
{
    for (Role r : {Role::Viewer, Role::Engineer, Role::ReleaseManager, Role::Admin})
        if (text == roleName(r))
            return r;
    return Error(ErrorCode::InvalidArgument,
                 "unknown role '" + std::string(text.substr(0, 40))
                     + "' (expected viewer, engineer, release-manager or admin)");
}

const char *permissionName(Permission permission)
{
    switch (permission) {
    case Permission::Read:
        return "read the workspace";
    case Permission::ManageModels:
        return "change models and versions";
    case Permission::ApproveRollout:
        return "approve rollouts";
    case Permission::ManageUsers:
        return "manage users";
    }
    return "?";
}

bool allows(Role role, Permission permission)
{
    switch (permission) {
    case Permission::Read:
        return true;
    case Permission::ManageModels:
        return role != Role::Viewer;
    case Permission::ApproveRollout:
        return role == Role::ReleaseManager || role == Role::Admin;
    case Permission::ManageUsers:
        return role == Role::Admin;
    }
    return false;
}

Result<void> require(const Actor &actor, Permission permission)
{
    if (permission != Permission::Read && !actor.authenticated)
        return Error(ErrorCode::Unauthenticated,
                     "'" + actor.name
                         + "' is not a user of this workspace and may only read; ask an "
                           "admin to add you ('mdeck user add') or pass an API token (--token or "
                           "MODELDECK_TOKEN)");
    if (!allows(actor.role, permission))
        return Error(ErrorCode::PermissionDenied,
                     "user '" + actor.name + "' (" + roleName(actor.role) + ") may not "
                         + permissionName(permission));
    return success();
}

std::string osLogin()
{
    if (const passwd *pw = ::getpwuid(::geteuid()); pw && pw->pw_name)
        return pw->pw_name;
    return "uid" + std::to_string(::geteuid());
}

} // namespace mdeck::auth
