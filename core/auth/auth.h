#pragma once

// Roles, permissions and the acting identity. Every mutation in core calls
// require() before it writes, so the CLI, the console and the server obey the
// same rules. Pure functions: callable from any thread.

#include "core/base/result.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace mdeck::auth {

enum class Role { Viewer = 0, Engineer = 1, ReleaseManager = 2, Admin = 3 };

enum class Permission {
    Read,           // any role
    ManageModels,   // create models, register versions, move aliases, archive, import bundles
    ApproveRollout, // release managers and admins
    ManageUsers,    // admins
};

const char *roleName(Role role);
Result<Role> parseRole(std::string_view text);
const char *permissionName(Permission permission);
bool allows(Role role, Permission permission);

// Who is acting. `authenticated` is false for an operating-system account the
// workspace does not know: it may read, nothing more.
struct Actor
{
    std::int64_t userId = 0;
    std::string name;
    Role role = Role::Viewer;
    bool authenticated = false;
    std::string via; // "os-login", "token" or "anonymous"
};

Result<void> require(const Actor &actor, Permission permission);

// The operating-system account of this process (from the password database,
// not from $USER, which anyone can set).
std::string osLogin();

} // namespace mdeck::auth
