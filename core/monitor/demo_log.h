#pragma once

// Demo data for the console: a realistic prediction log for the Seattle
// weather demo model. The model trains on the earliest 70% of days (a time
// split); this replays the later days of seattle-weather.csv as served
// traffic (several requests per day, features jittered slightly), with the
// model's own predictions as outputs and the true weather arriving later as
// feedback for a share of rows. Seasonal drift against the training
// reference is then visible window by window.
// Callable from any thread. Errors: those of model loading and the database.

#include "core/base/result.h"

#include <cstdint>
#include <string>

namespace mdeck::store {
class Workspace;
}
namespace mdeck::registry {
class ModelRegistry;
}
namespace mdeck::auth {
struct Actor;
}

namespace mdeck::monitor {

struct DemoLogOptions
{
    std::string deployment = "seattle-weather";
    double fromFraction = 0.7; // replay the days after this share of the file
    int rowsPerDay = 12;
    double labelledShare = 0.6; // rows whose true weather arrives as feedback
    std::uint64_t seed = 7;
};

// Returns the number of predictions written (one transaction). Requires
// Permission::ManageModels; audited as "drift.demo-log".
Result<std::uint64_t> writeDemoPredictionLog(store::Workspace &workspace,
                                             registry::ModelRegistry &registry,
                                             const auth::Actor &actor, const std::string &model,
                                             const std::string &versionReference,
                                             const std::string &weatherCsv,
                                             const DemoLogOptions &options = {});

} // namespace mdeck::monitor
