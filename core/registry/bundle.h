#pragma once

// Model bundles: one file (a POSIX tar archive) that carries a version across
// an air gap — manifest.json (model, version, signature, metrics, params,
// tags, lineage, the version's audit entries, SHA-256 of the artifact) and
// the artifact itself. Import verifies every hash before it registers
// anything. Callable from any thread. Errors: InvalidArgument (malformed
// bundle, naming the member and field), Integrity (a hash mismatch), those of
// ModelRegistry.

#include "core/registry/model_registry.h"

namespace mdeck::registry {

struct BundleInfo
{
    std::string model;
    int version = 0;
    std::string artifactName;
    std::string artifactSha256;
    std::int64_t artifactSize = 0;
    std::string sourceWorkspace;
    std::int64_t auditEntries = 0;
};

Result<BundleInfo> exportBundle(ModelRegistry &registry, const std::string &model, int version,
                                const std::string &file);

// Registers the bundled version as the next version of `targetModel` (the
// bundle's model name when empty), creating the model when needed.
Result<ModelVersion> importBundle(ModelRegistry &registry, const auth::Actor &actor,
                                  const std::string &file, const std::string &targetModel = {});

// Reads and verifies a bundle without registering it.
Result<BundleInfo> inspectBundle(const std::string &file);

} // namespace mdeck::registry
