#pragma once

// Plain data of deployments and rollouts, shared by the deployment store, the
// rollout service and controller, the command line and the server.

#include "core/base/result.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mdeck::deploy {

// How the candidate version (if any) receives traffic.
enum class CandidateMode {
    None,   // no candidate: the stable version answers everything
    Canary, // the candidate answers canaryPercent % of requests
    Shadow, // the candidate gets a copy of every request; its answers are logged, never returned
};

const char *candidateModeName(CandidateMode mode); // "none", "canary", "shadow"
Result<CandidateMode> parseCandidateMode(std::string_view text);

// A named endpoint: `name` is the {name} of the Open Inference Protocol's
// /v2/models/{name}/infer. What it serves changes only through rollouts, and
// every such change bumps DeploymentStore::generation().
struct Deployment
{
    std::int64_t id = 0;
    std::string name;
    std::string model;
    int stableVersion = 0;
    std::int64_t stableVersionId = 0; // versions.id, as logged in predictions.version_id
    std::optional<int> candidateVersion;
    std::optional<std::int64_t> candidateVersionId;
    CandidateMode candidateMode = CandidateMode::None;
    int canaryPercent = 0; // 0..100; meaningful in Canary mode
    int maxBatchSize = 32;
    std::int64_t maxQueueDelayUs = 2000;
    std::optional<int> previousStableVersion;  // what served before the last promotion
    std::optional<std::int64_t> activeRollout; // the open rollout's id, if any
    std::int64_t createdAt = 0;
    std::string createdBy;
    std::int64_t updatedAt = 0;
};

struct NewDeployment
{
    std::string name;
    std::string model;
    std::optional<int> version; // exactly one of version and alias
    std::string alias;          // resolved once, at creation
    int maxBatchSize = 32;
    std::int64_t maxQueueDelayUs = 2000;
};

enum class EventKind {
    Created,
    Requested,
    Approved,
    Rejected,
    Started,
    Step,
    Promoted,
    Paused,
    Resumed,
    RolledBack,
    Alert,
    Refused,
};

const char *eventKindName(EventKind kind); // "created" … "rolled-back", "alert", "refused"
Result<EventKind> parseEventKind(std::string_view text);

// One line of a deployment's timeline, with what the deployment served after it.
struct DeploymentEvent
{
    std::int64_t id = 0;
    std::string deployment;
    std::int64_t time = 0; // ms since epoch, UTC
    EventKind kind = EventKind::Created;
    std::optional<std::int64_t> rolloutId;
    int stableVersion = 0;
    std::optional<int> candidateVersion;
    CandidateMode candidateMode = CandidateMode::None;
    int percent = 0;
    std::string actor;
    std::string detailsJson;
};

// One version's part of what a deployment served at some moment.
struct ServedShare
{
    int version = 0;
    std::string role;       // "stable", "canary" or "shadow"
    int trafficPercent = 0; // share of answers returned to clients; 0 for a shadow
};

struct ServedState
{
    std::string deployment;
    std::int64_t at = 0;      // the moment asked about
    std::int64_t since = 0;   // when this state began (the event that set it)
    std::int64_t eventId = 0; // that event
    std::vector<ServedShare> shares;
};

// ---- rollouts -------------------------------------------------------------

enum class RolloutMode { Canary, Shadow, Direct };
const char *rolloutModeName(RolloutMode mode); // "canary", "shadow", "direct"
Result<RolloutMode> parseRolloutMode(std::string_view text);

enum class RolloutState { Requested, Rejected, Running, Paused, Promoted, RolledBack };
const char *rolloutStateName(RolloutState state);
Result<RolloutState> parseRolloutState(std::string_view text);

// Limits a step's observations must respect. Unset = not checked.
struct Thresholds
{
    std::optional<double> maxErrorRate = 0.01;    // errors / requests
    std::optional<double> maxP99Ms;               // candidate's p99 latency
    std::optional<double> maxDisagreement = 0.05; // disagreed / compared
    std::optional<double> minAccuracy;            // once minLabelled labels exist
    std::int64_t minLabelled = 100;
    std::int64_t minRequests = 100; // fewer observations: keep baking
};

struct PlanStep
{
    CandidateMode mode = CandidateMode::Canary; // Shadow or Canary
    int percent = 0;                            // canary share; 0 for a shadow step
    std::int64_t bakeMs = 60000;
};

struct RolloutPlan
{
    std::vector<PlanStep> steps; // empty for a direct rollout
    Thresholds thresholds;
};

// What the candidate did since a step began, as the server measured it.
struct Observation
{
    std::int64_t requests = 0;
    std::int64_t errors = 0;
    double p99Ms = 0;
    std::int64_t compared = 0;  // answers compared with the stable version's
    std::int64_t disagreed = 0; // of those, how many differed
};

using ObservationSource = std::function<Result<Observation>(const std::string &deployment,
                                                            int version, std::int64_t sinceMs)>;

struct Rollout
{
    std::int64_t id = 0;
    std::string deployment;
    std::string model;
    int fromVersion = 0;
    int toVersion = 0;
    RolloutMode mode = RolloutMode::Canary;
    RolloutPlan plan;
    RolloutState state = RolloutState::Requested;
    std::string requestedBy;
    std::int64_t requestedAt = 0;
    std::string requestComment;
    std::string evidenceJson;
    std::string evidenceHash;
    std::string decidedBy;
    std::optional<std::int64_t> decidedAt;
    std::string decisionComment;
    std::string approvedSha256;
    std::string approvedEvidenceHash;
    int step = -1; // index into plan.steps; -1 before start
    std::optional<std::int64_t> stepStartedAt;
    std::int64_t bakedMs = 0; // banked before the last pause
    std::optional<std::int64_t> runningSince;
    std::optional<std::int64_t> finishedAt;
    std::string reason; // why it ended, or why it is paused
};

} // namespace mdeck::deploy
