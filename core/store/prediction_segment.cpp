#include "core/store/prediction_segment.h"

#include "core/common/crc32c.h"

#include <bit>
#include <cstring>

namespace mdeck::store {

namespace {

static_assert(std::endian::native == std::endian::little,
              "prediction segments are written in the machine's byte order, little-endian");

constexpr std::uint32_t kMagic = 0x3250444D;   // "MDP2"
constexpr std::uint32_t kMagicV1 = 0x4C50444D; // "MDPL": no CRC, rows always checked
constexpr std::size_t kHeaderBytesV1 = 12;
constexpr std::uint8_t kPlainJsonFlag = 0x80; // in a row's role byte
constexpr std::size_t kFixedRowBytes = 3 * 8 + 4 + 1 + 4 * 4;
constexpr std::size_t kBlockPayloadTarget = 8u << 20; // a block ends after this many bytes

template<class T>
T get(const char *p)
{
    T value;
    std::memcpy(&value, p, sizeof(T));
    return value;
}

} // namespace

const char *segmentRoleName(std::uint8_t role)
{
    static const char *const kNames[] = {"stable", "canary", "shadow"};
    return role < 3 ? kNames[role] : nullptr;
}

void SegmentBlockWriter::add(const SegmentRow &r)
{
    if (m_open
        && (m_rows == kSegmentBlockRows
            || m_out.size() - m_header - kSegmentHeaderBytes >= kBlockPayloadTarget))
        finish();
    if (!m_open) {
        m_header = m_out.size();
        m_out.append(kSegmentHeaderBytes, '\0');
        m_rows = 0;
        m_open = true;
    }
    const std::string_view text[4] = {r.deployment, r.requestId, r.inputs, r.outputs};
    char fixed[kFixedRowBytes];
    std::memcpy(fixed, &r.timeMs, 8);
    std::memcpy(fixed + 8, &r.versionId, 8);
    std::memcpy(fixed + 16, &r.latencyUs, 8);
    const std::int32_t row = r.row;
    std::memcpy(fixed + 24, &row, 4);
    fixed[28] = static_cast<char>(r.role | (r.plainJson ? kPlainJsonFlag : 0));
    std::size_t bytes = kFixedRowBytes;
    for (int k = 0; k < 4; ++k) {
        const auto length = static_cast<std::uint32_t>(text[k].size());
        std::memcpy(fixed + 29 + 4 * k, &length, 4);
        bytes += length;
    }
    m_out.reserve(m_out.size() + bytes);
    m_out.append(fixed, kFixedRowBytes);
    for (const std::string_view t : text)
        m_out.append(t);
    ++m_rows;
}

void SegmentBlockWriter::finish()
{
    if (!m_open)
        return;
    const auto payload = static_cast<std::uint32_t>(m_out.size() - m_header - kSegmentHeaderBytes);
    std::memcpy(m_out.data() + m_header, &kMagic, 4);
    std::memcpy(m_out.data() + m_header + 4, &payload, 4);
    std::memcpy(m_out.data() + m_header + 8, &m_rows, 4);
    m_open = false;
}

void sealSegmentBlocks(std::string &buffer, std::size_t from)
{
    while (from + kSegmentHeaderBytes <= buffer.size()) {
        char *block = buffer.data() + from;
        const auto payload = get<std::uint32_t>(block + 4);
        const std::uint32_t crc = crc32c(block + kSegmentHeaderBytes, payload);
        std::memcpy(block + 12, &crc, 4);
        from += kSegmentHeaderBytes + payload;
    }
}

SegmentBlock readSegmentHeader(const char *p, std::size_t available, SegmentBlockHeader &h)
{
    if (available < 4)
        return SegmentBlock::Incomplete;
    const auto magic = get<std::uint32_t>(p);
    if (magic != kMagic && magic != kMagicV1)
        return SegmentBlock::Corrupt;
    h.checksummed = magic == kMagic;
    h.bytes = h.checksummed ? kSegmentHeaderBytes : kHeaderBytesV1;
    if (available < h.bytes)
        return SegmentBlock::Incomplete;
    h.payload = get<std::uint32_t>(p + 4);
    h.rows = get<std::uint32_t>(p + 8);
    h.crc = h.checksummed ? get<std::uint32_t>(p + 12) : 0;
    if (h.payload > kMaxSegmentPayload || h.rows == 0 || h.rows > kSegmentBlockRows
        || std::size_t(h.rows) * kFixedRowBytes > h.payload)
        return SegmentBlock::Corrupt;
    return available < h.size() ? SegmentBlock::Incomplete : SegmentBlock::Complete;
}

bool parseSegmentRows(const char *p, const SegmentBlockHeader &h, std::vector<SegmentRow> &rows)
{
    if (h.checksummed && crc32c(p, h.payload) != h.crc)
        return false;
    const std::size_t first = rows.size();
    const char *end = p + h.payload;
    for (std::uint32_t i = 0; i < h.rows; ++i) {
        if (static_cast<std::size_t>(end - p) < kFixedRowBytes) {
            rows.resize(first);
            return false;
        }
        const auto roleByte = static_cast<std::uint8_t>(p[28]);
        SegmentRow r;
        r.role = roleByte & ~kPlainJsonFlag;
        if (!segmentRoleName(r.role)) {
            rows.resize(first);
            return false;
        }
        r.timeMs = get<std::int64_t>(p);
        r.versionId = get<std::int64_t>(p + 8);
        r.latencyUs = get<std::int64_t>(p + 16);
        r.row = get<std::int32_t>(p + 24);
        r.plainJson = h.checksummed && (roleByte & kPlainJsonFlag) != 0;
        std::uint32_t lengths[4];
        for (int k = 0; k < 4; ++k)
            lengths[k] = get<std::uint32_t>(p + 29 + 4 * k);
        p += kFixedRowBytes;
        std::string_view *fields[4] = {&r.deployment, &r.requestId, &r.inputs, &r.outputs};
        for (int k = 0; k < 4; ++k) {
            if (static_cast<std::size_t>(end - p) < lengths[k]) {
                rows.resize(first);
                return false;
            }
            *fields[k] = std::string_view(p, lengths[k]);
            p += lengths[k];
        }
        rows.push_back(r);
    }
    if (p != end) {
        rows.resize(first);
        return false;
    }
    return true;
}

} // namespace mdeck::store
