#include "core/registry/artifact_store.h"

#include "core/common/files.h"

#include <filesystem>

namespace mdeck::registry {

ArtifactStore::ArtifactStore(std::string artifactsDir)
    : m_dir(std::move(artifactsDir))
{}

std::string ArtifactStore::pathFor(const std::string &sha256) const
{
    return m_dir + "/sha256/" + sha256.substr(0, 2) + "/" + sha256;
}

Result<ArtifactStore::Stored> ArtifactStore::put(const std::string &file)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        return Error(ErrorCode::NotFound,
                     "artifact file " + file + " does not exist or is not a regular file");
    auto digest = sha256File(file);
    if (!digest)
        return digest.error();
    const std::string target = pathFor(digest->sha256);
    if (fileExists(target)) {
        // Deduplicated, but only if the stored copy is intact; otherwise repair it.
        auto stored = sha256File(target);
        if (stored && stored->sha256 == digest->sha256)
            return Stored{*digest, false};
        std::filesystem::remove(target, ec);
    }
    MDECK_TRY(makeDirs(std::filesystem::path(target).parent_path().string()));
    MDECK_TRY(copyFileAtomic(file, target));
    // The source could have changed between hashing and copying: check the copy.
    auto copied = sha256File(target);
    if (!copied)
        return copied.error();
    if (copied->sha256 != digest->sha256) {
        std::filesystem::remove(target, ec);
        return Error(ErrorCode::Integrity, file + " changed while it was being stored; try again");
    }
    return Stored{*digest, true};
}

Result<std::string> ArtifactStore::verified(const std::string &sha256, std::int64_t size,
                                            const std::string &what) const
{
    const std::string path = pathFor(sha256);
    if (!fileExists(path))
        return Error(ErrorCode::Integrity,
                     "the artifact of " + what + " is missing: expected " + path + " with SHA-256 "
                         + sha256);
    auto actual = sha256File(path);
    if (!actual)
        return actual.error();
    if (actual->sha256 != sha256 || static_cast<std::int64_t>(actual->size) != size)
        return Error(ErrorCode::Integrity,
                     "the artifact of " + what + " was altered: " + path + " should have SHA-256 "
                         + sha256 + " (" + std::to_string(size) + " bytes) but has "
                         + actual->sha256 + " (" + std::to_string(actual->size) + " bytes)");
    return path;
}

} // namespace mdeck::registry
