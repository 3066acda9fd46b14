#pragma once

// A scratch workspace with the shipped breast-cancer TorchScript model
// registered twice (bc:1 and bc:2, the same network), its rows for
// requests, and a running Server on 127.0.0.1 with a port of its own.

#include "../test_support.h"

#include "core/common/files.h"
#include "core/data/csv_reader.h"
#include "core/serving/server.h"
#include "core/training/loaded_model.h"

#include <httplib.h>

#include <QtTest>

namespace mdeck::test {

inline registry::NewVersion shippedVersion()
{
    registry::NewVersion v;
    v.model = "bc";
    v.artifactPath = dataFile("models/breast_cancer_mlp.torchscript.pt");
    v.signature = shippedSignature();
    return v;
}

// The first `n` rows of breast_cancer.csv as numbers (features only).
inline std::vector<std::vector<double>> breastCancerRows(std::size_t n)
{
    const std::string text = readFile(dataFile("breast_cancer.csv")).value();
    std::vector<std::vector<double>> rows;
    std::size_t pos = text.find('\n') + 1;
    while (rows.size() < n && pos < text.size()) {
        const std::size_t end = text.find('\n', pos);
        std::string line = text.substr(pos, end - pos);
        pos = end == std::string::npos ? text.size() : end + 1;
        std::vector<double> row;
        std::size_t a = 0;
        while (a <= line.size()) {
            std::size_t b = line.find(',', a);
            if (b == std::string::npos)
                b = line.size();
            row.push_back(std::stod(line.substr(a, b - a)));
            a = b + 1;
        }
        row.pop_back(); // the target
        rows.push_back(row);
    }
    return rows;
}

inline std::string inferBody(const std::vector<std::vector<double>> &rows,
                             const std::string &id = {})
{
    Json data = Json::array();
    for (const auto &r : rows)
        data.push_back(r);
    Json body{{"inputs",
               {{{"name", "input"},
                 {"datatype", "FP32"},
                 {"shape", {rows.size(), rows.empty() ? 0 : rows[0].size()}},
                 {"data", data}}}}};
    if (!id.empty())
        body["id"] = id;
    return body.dump();
}

struct ServingFixture
{
    ScratchWorkspace scratch;
    std::unique_ptr<registry::ModelRegistry> registry;
    std::unique_ptr<serving::Server> server;

    ServingFixture()
    {
        registry = std::make_unique<registry::ModelRegistry>(*scratch.ws);
        for (int i = 0; i < 2; ++i)
            if (!registry->registerVersion(scratch.admin, shippedVersion()))
                qFatal("cannot register the shipped model");
    }

    static serving::Route route(int stable = 1)
    {
        serving::Route r;
        r.deployment = "bc";
        r.model = "bc";
        r.stableVersion = stable;
        return r;
    }

    void start(serving::ServerOptions o = {}, std::vector<serving::Route> routes = {route()})
    {
        o.port = 0;
        server = std::make_unique<serving::Server>(*registry, o);
        auto applied = server->applyRoutes(routes);
        QVERIFY2(applied.ok(), applied.ok() ? "" : applied.error().message.c_str());
        auto started = server->start();
        QVERIFY2(started.ok(), started.ok() ? "" : started.error().message.c_str());
    }

    std::string dbPath() const { return store::Workspace::databasePath(scratch.ws->dir()); }

    std::unique_ptr<httplib::Client> client() const
    {
        auto c = std::make_unique<httplib::Client>("127.0.0.1", server->port());
        c->set_read_timeout(20, 0);
        c->set_connection_timeout(5, 0);
        return c;
    }
};

} // namespace mdeck::test
