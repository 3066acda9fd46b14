#pragma once

// Internal to core/data: splits CSV text that is wholly in memory into
// records and fields, handing each field to a callback as it is found (no
// per-field storage). Unquoted fields are views into the text; quoted fields
// with doubled quotes are unescaped into a scratch buffer owned by the
// tokenizer, so the hot path allocates nothing. Structural bytes (delimiter,
// quote, CR, LF) are found 64 bytes at a time.

#include "core/base/result.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace mdeck::data::detail {

struct FieldRef
{
    std::string_view text;
    std::size_t offset = 0; // of the field's first byte (its quote, if quoted) in the text
};

// Bit i set when p[i] is the delimiter, a quote, CR or LF (64 bytes from p).
inline std::uint64_t structuralMask(const char *p, char delimiter)
{
#if defined(__SSE2__)
    const __m128i d = _mm_set1_epi8(delimiter);
    const __m128i q = _mm_set1_epi8('"');
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i cr = _mm_set1_epi8('\r');
    std::uint64_t mask = 0;
    for (int k = 0; k < 4; ++k) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + 16 * k));
        const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, d), _mm_cmpeq_epi8(v, q)),
                                         _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)));
        mask |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(hit)))
            << (16 * k);
    }
    return mask;
#else
    std::uint64_t mask = 0;
    for (int i = 0; i < 64; ++i) {
        const char c = p[i];
        if (c == delimiter || c == '"' || c == '\n' || c == '\r')
            mask |= std::uint64_t(1) << i;
    }
    return mask;
#endif
}

class CsvTokenizer
{
public:
    // `text` must stay alive and unchanged while the tokenizer is used; it
    // must already be valid UTF-8 without NUL bytes.
    CsvTokenizer(std::string_view text, const std::string &source, char delimiter,
                 std::size_t maxFieldBytes);

    // Reads the next record, calling onField(index, text, offset) for each
    // field; the text is valid during the call only. Returns false at the
    // end of the text, on a malformed record (error() is set) or when
    // onField returned false.
    template<typename OnField>
    bool next(OnField &&onField);

    const std::optional<Error> &error() const { return m_error; }
    // Fields of the record just read.
    std::size_t fieldCount() const { return m_fieldCount; }
    // Offset of the first byte of the record just read.
    std::size_t recordOffset() const { return m_recordOffset; }
    // Offset of the first byte not read yet.
    std::size_t offset() const { return static_cast<std::size_t>(m_p - m_begin); }
    // Starts again from `offset` (the start of a record).
    void rewind(std::size_t offset);

private:
    class Scanner
    {
    public:
        void init(const char *end, char delimiter)
        {
            m_end = end;
            m_delimiter = delimiter;
        }
        void seek(const char *p)
        {
            m_block = p;
            m_mask = p < m_end ? maskAt(p) : 0;
        }
        // The next structural byte after the last one returned, or end.
        const char *next()
        {
            while (m_mask == 0) {
                if (static_cast<std::size_t>(m_end - m_block) <= 64) {
                    m_block = m_end;
                    return m_end;
                }
                m_block += 64;
                m_mask = maskAt(m_block);
            }
            const int bit = __builtin_ctzll(m_mask);
            m_mask &= m_mask - 1;
            return m_block + bit;
        }

    private:
        std::uint64_t maskAt(const char *p) const
        {
            const auto left = static_cast<std::size_t>(m_end - p);
            if (left >= 64)
                return structuralMask(p, m_delimiter);
            // The last partial block: copied, so no load reads past the text.
            char tail[64] = {};
            std::memcpy(tail, p, left);
            return structuralMask(tail, m_delimiter) & ((std::uint64_t(1) << left) - 1);
        }

        const char *m_block = nullptr;
        const char *m_end = nullptr;
        std::uint64_t m_mask = 0;
        char m_delimiter = ',';
    };

    bool fail(std::size_t offset, const std::string &message);
    // Skips blank lines; false at the end of the text.
    bool startRecord();
    // Reads the quoted field whose opening quote is at `p`; `p` ends past
    // the closing quote. A field with doubled quotes is unescaped into
    // m_scratch.
    bool readQuoted(const char *&p, std::string_view &value);
    // Checks what ends a field; false on a lone CR.
    bool endField(const char *terminator, bool &recordDone);

    std::string_view m_text;
    const std::string &m_source;
    const char *m_begin;
    const char *m_end;
    const char *m_p;
    char m_delimiter;
    std::size_t m_maxFieldBytes;
    Scanner m_scanner;
    std::string m_scratch;
    std::size_t m_fieldCount = 0;
    std::size_t m_recordOffset = 0;
    std::optional<Error> m_error;
};

template<typename OnField>
bool CsvTokenizer::next(OnField &&onField)
{
    m_fieldCount = 0;
    if (!startRecord())
        return false;
    for (bool done = false; !done;) {
        const char *start = m_p;
        std::string_view value;
        const char *terminator;
        if (m_p < m_end && *m_p == '"') {
            if (!readQuoted(m_p, value))
                return false;
            m_scanner.seek(m_p);
            terminator = m_scanner.next();
        } else {
            terminator = m_scanner.next();
            if (terminator < m_end && *terminator == '"')
                return fail(static_cast<std::size_t>(terminator - m_begin),
                            "a quote inside an unquoted field (quote the whole field and double "
                            "the quote)");
            value = std::string_view(start, static_cast<std::size_t>(terminator - start));
            if (value.size() > m_maxFieldBytes)
                return fail(static_cast<std::size_t>(start - m_begin),
                            "a field is longer than the limit of " + std::to_string(m_maxFieldBytes)
                                + " bytes");
        }
        if (!onField(m_fieldCount, value, static_cast<std::size_t>(start - m_begin)))
            return false;
        ++m_fieldCount;
        if (!endField(terminator, done))
            return false;
    }
    return true;
}

inline bool CsvTokenizer::endField(const char *terminator, bool &recordDone)
{
    recordDone = true;
    if (terminator >= m_end) {
        m_p = m_end;
        return true;
    }
    if (*terminator == m_delimiter) {
        m_p = terminator + 1;
        recordDone = false;
        return true;
    }
    if (*terminator == '\n') {
        m_p = terminator + 1;
        return true;
    }
    // A carriage return: only as part of CRLF.
    if (terminator + 1 < m_end && terminator[1] == '\n') {
        m_scanner.next();
        m_p = terminator + 2;
        return true;
    }
    return fail(static_cast<std::size_t>(terminator - m_begin),
                "a carriage return that is not followed by a line feed");
}

} // namespace mdeck::data::detail
