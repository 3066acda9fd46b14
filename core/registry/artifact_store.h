#pragma once

// Content-addressed files under <workspace>/artifacts/sha256/ab/<hash>.
// Files are written through a temporary name and a rename, stored once per
// content, and verified against their hash every time they are handed out.
// Callable from any thread. Errors: Io, Integrity, NotFound.

#include "core/base/result.h"
#include "core/common/sha256.h"

#include <string>

namespace mdeck::registry {

class ArtifactStore
{
public:
    explicit ArtifactStore(std::string artifactsDir);

    struct Stored
    {
        FileDigest digest;
        bool added = false; // false when the same content was already stored intact
    };

    // Hashes `file` and stores a copy unless the same content is already there.
    Result<Stored> put(const std::string &file);
    // The stored path of a digest (whether or not it exists).
    std::string pathFor(const std::string &sha256) const;
    // The stored path, after checking that the file is there and still hashes to `sha256`.
    // `what` names the owner in messages, e.g. "version iris:3 (model.pt)".
    Result<std::string> verified(const std::string &sha256, std::int64_t size,
                                 const std::string &what) const;

private:
    std::string m_dir;
};

} // namespace mdeck::registry
