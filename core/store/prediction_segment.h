#pragma once

// The prediction segment format: the files a server appends its predictions
// to (core/serving/prediction_log.h), and where they stay. A segment is a
// run of blocks: "MDP2", the payload's length, its row count and the
// payload's CRC-32C (4 little-endian u32), then each row as time, version id
// and latency (i64), row (i32), role (u8: 0 stable, 1 canary, 2 shadow, with
// 0x80 set for a plainJson row), and the lengths (u32) then bytes of
// deployment, request id, inputs and outputs. A block holds at most
// kSegmentBlockRows rows. A row's plainJson is trusted only under a CRC that
// matched. The first format, "MDPL", has a 12-byte header, no CRC, and
// every row's text is checked when read.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mdeck::store {

constexpr std::size_t kSegmentBlockRows = 256;
constexpr std::size_t kSegmentHeaderBytes = 16; // the largest header
constexpr std::uint32_t kMaxSegmentPayload = 1u << 30;

// A row's role byte without its flag; nullptr for a byte out of range.
const char *segmentRoleName(std::uint8_t role);

// One row, written or read. Text points at the caller's, or into the bytes
// read.
struct SegmentRow
{
    std::int64_t timeMs = 0, versionId = 0, latencyUs = 0;
    int row = 0;
    std::uint8_t role = 0; // 0 stable, 1 canary, 2 shadow
    std::string_view deployment, requestId, inputs, outputs;
    // Inputs and outputs are JSON arrays of numbers and nulls: read without
    // checking again (only under a matching CRC).
    bool plainJson = false;
};

// Appends rows to a buffer of blocks, opening a block when needed; finish()
// writes the open block's header (without its CRC: see sealSegmentBlocks).
class SegmentBlockWriter
{
public:
    explicit SegmentBlockWriter(std::string &out)
        : m_out(out)
    {}
    void add(const SegmentRow &row);
    void finish();

private:
    std::string &m_out;
    std::size_t m_header = 0;
    std::uint32_t m_rows = 0;
    bool m_open = false;
};

// Stores each block's CRC in its header, for the finished blocks of
// `buffer` from byte `from` on.
void sealSegmentBlocks(std::string &buffer, std::size_t from = 0);

struct SegmentBlockHeader
{
    std::uint32_t payload = 0, rows = 0, crc = 0;
    std::size_t bytes = kSegmentHeaderBytes; // the header's own
    bool checksummed = false;                // the second format
    std::size_t size() const { return bytes + payload; }
};

enum class SegmentBlock { Complete, Incomplete, Corrupt };

// `p` holds `available` bytes from a block's start on.
SegmentBlock readSegmentHeader(const char *p, std::size_t available, SegmentBlockHeader &h);

// Parses a whole block's payload (`p` at its first byte) onto `rows`; false
// (and `rows` as it was) when its CRC does not match or it does not hold
// exactly the rows its header announces.
bool parseSegmentRows(const char *p, const SegmentBlockHeader &h, std::vector<SegmentRow> &rows);

} // namespace mdeck::store
