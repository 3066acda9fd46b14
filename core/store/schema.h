#pragma once

// The workspace schema as an ordered list of forward-only migrations.
// Migration N takes a database from user_version N-1 to N. Never edit a
// migration that has shipped: add a new one.

#include <vector>

namespace mdeck::store {

struct Migration
{
    int version;
    const char *description;
    const char *sql;
};

const std::vector<Migration> &migrations();

} // namespace mdeck::store
