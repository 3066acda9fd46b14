#pragma once

// What the server serves: one Route per deployment, naming the model, its
// stable version and an optional candidate that takes a share of the traffic
// (canary) or a copy of it (shadow). Plain data; a RouteSource produces the
// current list and the server polls it.

#include "core/base/result.h"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mdeck::serving {

struct Route
{
    enum class CandidateMode { None, Canary, Shadow };

    std::string deployment; // the {name} of /v2/models/{name}
    std::string model;
    int stableVersion = 0;
    std::optional<int> candidateVersion;
    CandidateMode mode = CandidateMode::None;
    int canaryPercent = 0; // 0..100, Canary only
    int maxBatchSize = 32; // rows merged into one model call; 1 = no batching
    std::chrono::microseconds maxQueueDelay{500};

    bool operator==(const Route &) const = default;
};

// The current routes; called from the server's polling thread.
using RouteSource = std::function<Result<std::vector<Route>>()>;
// A cheap change check: a number that changes whenever the routes may have.
using RouteGeneration = std::function<std::uint64_t()>;

// The role a request plays for the version that answers it.
enum class Role { Stable, Canary, Shadow };
const char *roleName(Role role);

} // namespace mdeck::serving
