#pragma once

// A scratch workspace with users of every role and a model "iris" with three
// registered versions (plain files, distinct bytes and metrics).

#include "../test_support.h"

#include "core/deploy/deployment_store.h"

#include <string>

namespace mdeck::test {

struct DeployFixture
{
    ScratchWorkspace s;
    registry::ModelRegistry reg{*s.ws};
    deploy::DeploymentStore deployments{reg};
    auth::Actor viewer;
    auth::Actor engineer;
    auth::Actor engineer2;
    auth::Actor manager;
    auth::Actor manager2;

    DeployFixture()
    {
        viewer = addUser("vera", auth::Role::Viewer);
        engineer = addUser("eng", auth::Role::Engineer);
        engineer2 = addUser("eng2", auth::Role::Engineer);
        manager = addUser("rm", auth::Role::ReleaseManager);
        manager2 = addUser("rm2", auth::Role::ReleaseManager);
        for (int v = 1; v <= 3; ++v)
            registerVersion("iris", v, 0.80 + 0.05 * v);
    }

    auth::Actor addUser(const std::string &name, auth::Role role)
    {
        s.users->addUser(s.admin, name, role).value();
        return s.users->resolve(s.users->createToken(s.admin, name, "", {})->secret, "x").value();
    }

    registry::ModelVersion registerVersion(const std::string &model, int n, double accuracy)
    {
        registry::NewVersion v;
        v.model = model;
        v.format = "file";
        v.artifactPath = s.writeFile(("artifact-" + model + std::to_string(n)).c_str(),
                                     "model bytes " + model + " " + std::to_string(n));
        v.artifactName = "model.bin";
        v.signature = shippedSignature();
        v.metrics = {{"accuracy", accuracy}, {"loss", 1.0 - accuracy}};
        return reg.registerVersion(s.admin, v).value();
    }

    deploy::Deployment createDeployment(const std::string &name = "iris-prod", int version = 1)
    {
        deploy::NewDeployment nd;
        nd.name = name;
        nd.model = "iris";
        nd.version = version;
        return deployments.create(engineer, nd).value();
    }
};

} // namespace mdeck::test
