#include "core/data/csv_tokenizer_p.h"

#include "core/data/csv_text_p.h"

namespace mdeck::data::detail {

CsvTokenizer::CsvTokenizer(std::string_view text, const std::string &source, char delimiter,
                           std::size_t maxFieldBytes)
    : m_text(text)
    , m_source(source)
    , m_begin(text.data())
    , m_end(text.data() + text.size())
    , m_p(text.data())
    , m_delimiter(delimiter)
    , m_maxFieldBytes(maxFieldBytes)
{
    m_scanner.init(m_end, delimiter);
    m_scanner.seek(m_p);
}

void CsvTokenizer::rewind(std::size_t offset)
{
    m_p = m_begin + offset;
    m_scanner.seek(m_p);
    m_error.reset();
}

bool CsvTokenizer::fail(std::size_t offset, const std::string &message)
{
    const TextPosition pos = positionAt(m_text, offset);
    m_error = Error(ErrorCode::InvalidArgument, where(m_source, pos) + message, pos.line);
    return false;
}

bool CsvTokenizer::startRecord()
{
    m_scratch.clear();
    // Blank lines separate nothing: skip them.
    while (m_p < m_end) {
        if (*m_p == '\n') {
            m_scanner.next();
            ++m_p;
        } else if (*m_p == '\r' && m_p + 1 < m_end && m_p[1] == '\n') {
            m_scanner.next();
            m_scanner.next();
            m_p += 2;
        } else {
            break;
        }
    }
    if (m_p >= m_end)
        return false;
    m_recordOffset = static_cast<std::size_t>(m_p - m_begin);
    return true;
}

bool CsvTokenizer::readQuoted(const char *&p, std::string_view &value)
{
    const char *open = p;
    const char *q = p + 1;
    bool escaped = false;
    const char *close = nullptr;
    for (;;) {
        const void *hit = std::memchr(q, '"', static_cast<std::size_t>(m_end - q));
        if (!hit)
            return fail(static_cast<std::size_t>(open - m_begin),
                        "the quoted field that starts here is never closed");
        const char *c = static_cast<const char *>(hit);
        if (c + 1 < m_end && c[1] == '"') {
            escaped = true;
            q = c + 2;
            continue;
        }
        close = c;
        break;
    }
    const auto rawSize = static_cast<std::size_t>(close - open - 1);
    if (rawSize > m_maxFieldBytes)
        return fail(static_cast<std::size_t>(open - m_begin),
                    "a field is longer than the limit of " + std::to_string(m_maxFieldBytes)
                        + " bytes");
    const char *after = close + 1;
    if (after < m_end && *after != m_delimiter && *after != '\n' && *after != '\r')
        return fail(static_cast<std::size_t>(after - m_begin),
                    "unexpected text after the closing quote of a field");
    if (!escaped) {
        value = std::string_view(open + 1, rawSize);
    } else {
        // The value is handed out before the next field is read, so the
        // scratch buffer is reused field by field.
        m_scratch.clear();
        for (const char *s = open + 1; s < close; ++s) {
            m_scratch.push_back(*s);
            if (*s == '"')
                ++s; // the second quote of a doubled pair
        }
        value = m_scratch;
    }
    p = after;
    return true;
}

} // namespace mdeck::data::detail
