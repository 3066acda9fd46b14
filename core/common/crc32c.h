#pragma once

// CRC-32C (Castagnoli), the checksum of iSCSI, ext4 and SCTP: with SSE 4.2's
// crc32 instruction where the processor has it (about 8 bytes a cycle),
// else from a table. Callable from any thread.

#include <cstddef>
#include <cstdint>

namespace mdeck {

// The CRC of `size` bytes; `crc` continues an earlier result over bytes
// that came before them.
std::uint32_t crc32c(const void *data, std::size_t size, std::uint32_t crc = 0);

} // namespace mdeck
