#pragma once

// A workspace is a folder: modeldeck.db (the database) and artifacts/ (the
// content-addressed files). Owns the Database connection. Callable from any
// thread once open. Errors: those of Database::open, plus NotFound and Io.

#include "core/store/database.h"

#include <memory>
#include <string>

namespace mdeck::store {

class Workspace
{
public:
    // Creates the folder, the database and artifacts/ when missing; opens an existing one.
    static Result<std::unique_ptr<Workspace>> create(const std::string &dir);
    // Opens an existing workspace; refuses a folder without modeldeck.db.
    static Result<std::unique_ptr<Workspace>> open(const std::string &dir, bool readOnly = false);

    static std::string databasePath(const std::string &dir);

    const std::string &dir() const { return m_dir; }
    std::string artifactsDir() const { return m_dir + "/artifacts"; }
    // A random identifier fixed at creation, so credentials can be kept per workspace.
    const std::string &id() const { return m_id; }
    Database &db() { return *m_db; }

private:
    static Result<std::unique_ptr<Workspace>> openImpl(const std::string &dir, bool create,
                                                       bool readOnly);
    std::string m_dir;
    std::string m_id;
    std::unique_ptr<Database> m_db;
};

} // namespace mdeck::store
