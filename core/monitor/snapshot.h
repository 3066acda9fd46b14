#pragma once

// A drift snapshot: ONE self-contained file with a series' reference, its
// windows (statistics, quality, performance, fairness) and the bounded raw
// samples charts need, so an analyst can open it offline with no workspace.
//
// Layout (text, UTF-8):
//   line 1  "MDECK-DRIFT-SNAPSHOT <format version>"
//   line 2  "sha256 <64 hex digits> bytes <N>"
//   then    N bytes of JSON (the body), whose SHA-256 is the digest above.
// Body: {"format_version", "created_at" (Unix ms), "series", "model",
//        "version", "reference": {source, rows, columns: [{name, kind,
//        rows, missing_rate, min, max, sample (≤ 2,000 sorted values),
//        categories, histogram_edges, method, threshold, band}]},
//        "windows": [window JSON as windowToJson writes it]}.
// Limits: at most 20,000 windows and 256 MiB; readers refuse larger files.
//
// readSnapshot needs nothing but this library's plain C++ (no database, no
// LibTorch): the console opens snapshots read-only with it. Truncated,
// corrupted (checksum), foreign or newer files are refused with a message
// that says which. Callable from any thread.

#include "core/monitor/window.h"

namespace mdeck::monitor {

inline constexpr int kSnapshotFormatVersion = 1;
inline constexpr const char *kSnapshotMagic = "MDECK-DRIFT-SNAPSHOT";
inline constexpr std::size_t kSnapshotMaxWindows = 20000;
inline constexpr std::size_t kSnapshotMaxBytes = 256u << 20;
inline constexpr std::size_t kSnapshotReferenceSample = 2000;

struct Snapshot
{
    int formatVersion = kSnapshotFormatVersion;
    std::int64_t createdAt = 0;
    std::string series;
    std::string model;
    int version = 0;
    Reference reference; // sorted samples bounded to kSnapshotReferenceSample values
    std::vector<WindowResult> windows;
};

Json referenceToJson(const Reference &reference, std::size_t maxSample = kSnapshotReferenceSample);
Result<Reference> referenceFromJson(const Json &json);

// The file's bytes; errors when over the limits.
Result<std::string> encodeSnapshot(const Snapshot &snapshot);
Result<Snapshot> decodeSnapshot(std::string_view bytes, const std::string &source);

// Written to a temporary name and renamed: whole or not at all.
Result<void> writeSnapshot(const Snapshot &snapshot, const std::string &path);
Result<Snapshot> readSnapshot(const std::string &path);

} // namespace mdeck::monitor
