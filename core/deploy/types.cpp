#include "core/deploy/types.h"

#include <array>
#include <utility>

namespace mdeck::deploy {

namespace {

template<typename Enum, std::size_t N>
Result<Enum> parseNamed(std::string_view text,
                        const std::array<std::pair<Enum, const char *>, N> &names, const char *what)
{
    std::string expected;
    for (const auto &[value, name] : names) {
        if (text == name)
            return value;
        expected += expected.empty() ? "" : ", ";
        expected += name;
    }
    std::string shown;
    for (char c : text.substr(0, 40))
        shown.push_back(static_cast<unsigned char>(c) < 0x20 ? '?' : c);
    return Error(ErrorCode::InvalidArgument,
                 std::string("unknown ") + what + " '" + shown + "' (expected " + expected + ")");
}

template<typename Enum, std::size_t N>
const char *nameOf(Enum value, const std::array<std::pair<Enum, const char *>, N> &names)
{
    for (const auto &[v, name] : names)
        if (v == value)
            return name;
    return "?";
}

constexpr std::array<std::pair<CandidateMode, const char *>, 3> kCandidateModes{{
    {CandidateMode::None, "none"},
    {CandidateMode::Canary, "canary"},
    {CandidateMode::Shadow, "shadow"},
}};

constexpr std::array<std::pair<EventKind, const char *>, 12> kEventKinds{{
    {EventKind::Created, "created"},
    {EventKind::Requested, "requested"},
    {EventKind::Approved, "approved"},
    {EventKind::Rejected, "rejected"},
    {EventKind::Started, "started"},
    {EventKind::Step, "step"},
    {EventKind::Promoted, "promoted"},
    {EventKind::Paused, "paused"},
    {EventKind::Resumed, "resumed"},
    {EventKind::RolledBack, "rolled-back"},
    {EventKind::Alert, "alert"},
    {EventKind::Refused, "refused"},
}};

constexpr std::array<std::pair<RolloutMode, const char *>, 3> kRolloutModes{{
    {RolloutMode::Canary, "canary"},
    {RolloutMode::Shadow, "shadow"},
    {RolloutMode::Direct, "direct"},
}};

constexpr std::array<std::pair<RolloutState, const char *>, 6> kRolloutStates{{
    {RolloutState::Requested, "requested"},
    {RolloutState::Rejected, "rejected"},
    {RolloutState::Running, "running"},
    {RolloutState::Paused, "paused"},
    {RolloutState::Promoted, "promoted"},
    {RolloutState::RolledBack, "rolled-back"},
}};

} // namespace

const char *candidateModeName(CandidateMode mode)
{
    return nameOf(mode, kCandidateModes);
}

Result<CandidateMode> parseCandidateMode(std::string_view text)
{
    return parseNamed(text, kCandidateModes, "candidate mode");
}

const char *eventKindName(EventKind kind)
{
    return nameOf(kind, kEventKinds);
}

Result<EventKind> parseEventKind(std::string_view text)
{
    return parseNamed(text, kEventKinds, "event kind");
}

const char *rolloutModeName(RolloutMode mode)
{
    return nameOf(mode, kRolloutModes);
}

Result<RolloutMode> parseRolloutMode(std::string_view text)
{
    return parseNamed(text, kRolloutModes, "rollout mode");
}

const char *rolloutStateName(RolloutState state)
{
    return nameOf(state, kRolloutStates);
}

Result<RolloutState> parseRolloutState(std::string_view text)
{
    return parseNamed(text, kRolloutStates, "rollout state");
}

} // namespace mdeck::deploy
