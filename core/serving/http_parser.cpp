#include "core/serving/http_parser.h"

#include "core/common/text.h"

#include <algorithm>

namespace mdeck::serving::detail {

namespace {

constexpr std::size_t kMaxChunkLine = 1024;

bool isTokenChar(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return true;
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
        return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
        return (c | 0x20) - 'a' + 10;
    return -1;
}

// %XX sequences decoded; false on a malformed one or an encoded NUL.
bool percentDecode(std::string_view in, std::string &out)
{
    out.clear();
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '%') {
            out.push_back(in[i]);
            continue;
        }
        if (i + 2 >= in.size())
            return false;
        const int hi = hexValue(in[i + 1]), lo = hexValue(in[i + 2]);
        if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
            return false;
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    return true;
}

std::string shown(std::string_view s)
{
    std::string out;
    for (const char c : s.substr(0, 40))
        out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c);
    return s.size() > 40 ? out + "..." : out;
}

} // namespace

std::string_view HttpRequest::header(std::string_view lowerName) const
{
    for (const auto &[name, value] : headers)
        if (name == lowerName)
            return value;
    return {};
}

bool RequestParser::takeContinue()
{
    const bool c = m_continue;
    m_continue = false;
    return c;
}

void RequestParser::reset()
{
    m_request = HttpRequest();
    m_headDone = false;
    m_scanned = 0;
    m_bodyStart = 0;
    m_chunked = false;
    m_contentLength = 0;
    m_chunkPos = 0;
    m_lastChunk = false;
    m_trailerBytes = 0;
    m_continue = false;
    m_keepAlive = true;
    m_http10 = false;
    m_consumed = 0;
    m_status = 0;
    m_message.clear();
}

void RequestParser::dropped(std::size_t n)
{
    m_chunkPos -= std::min(n, droppable());
}

RequestParser::State RequestParser::fail(int status, std::string message)
{
    m_status = status;
    m_message = std::move(message);
    m_keepAlive = false;
    return State::Failed;
}

RequestParser::State RequestParser::parse(std::string_view buffer)
{
    if (m_status)
        return State::Failed;
    if (!m_headDone) {
        // Empty lines before a request line are ignored (RFC 9112, 2.2).
        std::size_t start = 0;
        while (start < buffer.size() && (buffer[start] == '\r' || buffer[start] == '\n'))
            ++start;
        if (start > 1024)
            return fail(400, "request starts with more than 1024 empty lines");
        std::size_t pos = std::max(m_scanned, start), headEnd = 0;
        for (;;) {
            const std::size_t nl = buffer.find('\n', pos);
            if (nl == std::string_view::npos)
                break;
            const std::size_t len = nl - pos;
            if (pos != start && (len == 0 || (len == 1 && buffer[pos] == '\r'))) {
                headEnd = nl + 1;
                break;
            }
            pos = nl + 1;
        }
        m_scanned = pos;
        if (!headEnd) {
            if (buffer.size() - start > m_maxHeader) {
                if (buffer.find('\n', start) == std::string_view::npos)
                    return fail(414,
                                "request line exceeds " + std::to_string(m_maxHeader) + " bytes");
                return fail(431, "request headers exceed " + std::to_string(m_maxHeader) + " bytes");
            }
            return State::Incomplete;
        }
        const std::string_view head = buffer.substr(start, headEnd - start);
        if (head.size() > m_maxHeader) {
            if (head.find('\n') > m_maxHeader)
                return fail(414, "request line exceeds " + std::to_string(m_maxHeader) + " bytes");
            return fail(431, "request headers exceed " + std::to_string(m_maxHeader) + " bytes");
        }
        if (const State s = parseHead(head); s == State::Failed)
            return s;
        m_headDone = true;
        m_bodyStart = headEnd;
        m_chunkPos = headEnd;
    }
    State s;
    if (m_chunked) {
        s = parseChunks(buffer);
    } else if (buffer.size() - m_bodyStart >= m_contentLength) {
        m_request.body.assign(buffer.substr(m_bodyStart, m_contentLength));
        m_consumed = m_bodyStart + m_contentLength;
        s = State::Ready;
    } else {
        s = State::Incomplete;
    }
    if (s != State::Incomplete)
        m_continue = false;
    return s;
}

RequestParser::State RequestParser::parseHead(std::string_view head)
{
    std::vector<std::string_view> lines;
    for (std::size_t pos = 0; pos < head.size();) {
        std::size_t nl = head.find('\n', pos);
        if (nl == std::string_view::npos)
            nl = head.size();
        std::string_view line = head.substr(pos, nl - pos);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (!line.empty())
            lines.push_back(line);
        pos = nl + 1;
    }
    if (lines.empty())
        return fail(400, "empty request");
    // The request line: METHOD SP TARGET SP HTTP/1.x
    const std::string_view rl = lines[0];
    const std::size_t sp1 = rl.find(' ');
    const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : rl.find(' ', sp1 + 1);
    if (sp1 == std::string_view::npos || sp2 == std::string_view::npos || sp1 == 0 || sp2 == sp1 + 1
        || rl.find(' ', sp2 + 1) != std::string_view::npos)
        return fail(400, "malformed request line '" + shown(rl) + "'");
    const std::string_view method = rl.substr(0, sp1);
    const std::string_view target = rl.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::string_view version = rl.substr(sp2 + 1);
    if (method.size() > 16
        || !std::all_of(method.begin(), method.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
        return fail(400, "malformed method '" + shown(method) + "'");
    for (const char c : target)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            return fail(400, "request target has a control character");
    if (target.front() != '/' && target != "*")
        return fail(400, "request target '" + shown(target) + "' is not a path");
    bool http10 = false;
    if (version == "HTTP/1.0") {
        http10 = true;
    } else if (version != "HTTP/1.1") {
        const bool wellFormed = version.size() == 8 && version.substr(0, 5) == "HTTP/"
            && version[6] == '.' && version[5] >= '0' && version[5] <= '9' && version[7] >= '0'
            && version[7] <= '9';
        if (wellFormed)
            return fail(505, "HTTP version " + shown(version) + " is not supported; use HTTP/1.1");
        return fail(400, "malformed HTTP version '" + shown(version) + "'");
    }
    m_request.method.assign(method);
    m_request.target.assign(target);
    const std::string_view rawPath = target.substr(0, target.find('?'));
    if (!percentDecode(rawPath, m_request.path))
        return fail(400, "request target '" + shown(target) + "' has a malformed %-escape");

    bool haveLength = false, chunked = false, closeRequested = false, keepAliveRequested = false;
    bool expectContinue = false;
    std::size_t length = 0;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const std::string_view line = lines[i];
        if (line.front() == ' ' || line.front() == '\t')
            return fail(400, "header line " + std::to_string(i) + " is folded (obsolete)");
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0)
            return fail(400, "header line " + std::to_string(i) + " has no name");
        const std::string_view name = line.substr(0, colon);
        if (!std::all_of(name.begin(), name.end(),
                         [](char c) { return isTokenChar(static_cast<unsigned char>(c)); }))
            return fail(400, "header name '" + shown(name) + "' is malformed");
        const std::string_view value = trimmed(line.substr(colon + 1));
        for (const char c : value)
            if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f)
                return fail(400, "header '" + shown(name) + "' has a control character");
        std::string key = asciiLower(name);
        if (key == "content-length") {
            if (value.empty() || value.size() > 18
                || !std::all_of(value.begin(), value.end(),
                                [](char c) { return c >= '0' && c <= '9'; })) {
                if (value.size() > 18 && std::all_of(value.begin(), value.end(), [](char c) {
                        return c >= '0' && c <= '9';
                    }))
                    return fail(413, "request body exceeds " + std::to_string(m_maxBody) + " bytes");
                return fail(400, "Content-Length '" + shown(value) + "' is not a byte count");
            }
            const std::size_t n = std::stoull(std::string(value));
            if (haveLength && n != length)
                return fail(400, "two different Content-Length headers");
            haveLength = true;
            length = n;
        } else if (key == "transfer-encoding") {
            const std::string te = asciiLower(value);
            if (te == "chunked") {
                if (chunked)
                    return fail(400, "Transfer-Encoding given twice");
                chunked = true;
            } else if (te.size() > 7 && te.compare(te.size() - 7, 7, "chunked") == 0) {
                return fail(501,
                            "Transfer-Encoding '" + shown(value)
                                + "' is not supported; send the body plain or chunked");
            } else {
                return fail(chunked ? 400 : 501,
                            "Transfer-Encoding '" + shown(value) + "' is not supported");
            }
        } else if (key == "connection") {
            const std::string v = asciiLower(value);
            closeRequested = closeRequested || v.find("close") != std::string::npos;
            keepAliveRequested = keepAliveRequested || v.find("keep-alive") != std::string::npos;
        } else if (key == "expect") {
            expectContinue = asciiLower(value) == "100-continue";
        }
        m_request.headers.emplace_back(std::move(key), std::string(value));
    }
    if (haveLength && chunked)
        return fail(400, "a request cannot have both Content-Length and Transfer-Encoding");
    if (length > m_maxBody)
        return fail(413, "request body exceeds " + std::to_string(m_maxBody) + " bytes");
    m_chunked = chunked;
    m_contentLength = length;
    m_http10 = http10;
    m_keepAlive = http10 ? keepAliveRequested && !closeRequested : !closeRequested;
    // HTTP/1.0 clients do not know 100 Continue (RFC 9110, 10.1.1).
    m_continue = expectContinue && !http10 && (chunked || length > 0);
    return State::Incomplete;
}

RequestParser::State RequestParser::parseChunks(std::string_view buffer)
{
    for (;;) {
        const std::size_t nl = buffer.find('\n', m_chunkPos);
        if (nl == std::string_view::npos) {
            if (buffer.size() - m_chunkPos > (m_lastChunk ? m_maxHeader : kMaxChunkLine))
                return fail(400,
                            m_lastChunk ? "chunked trailers are too long"
                                        : "chunk size line is too long");
            return State::Incomplete;
        }
        std::string_view line = buffer.substr(m_chunkPos, nl - m_chunkPos);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (m_lastChunk) { // trailer fields until an empty line; ignored
            m_trailerBytes += nl + 1 - m_chunkPos;
            m_chunkPos = nl + 1;
            if (line.empty()) {
                m_consumed = m_chunkPos;
                return State::Ready;
            }
            if (m_trailerBytes > m_maxHeader)
                return fail(431, "chunked trailers are too long");
            continue;
        }
        std::size_t size = 0, digits = 0;
        while (digits < line.size() && hexValue(line[digits]) >= 0) {
            size = size * 16 + static_cast<std::size_t>(hexValue(line[digits]));
            if (++digits > 15)
                return fail(400, "chunk size '" + shown(line) + "' is too large");
        }
        if (digits == 0
            || (digits < line.size() && line[digits] != ';' && line[digits] != ' '
                && line[digits] != '\t'))
            return fail(400, "chunk size '" + shown(line) + "' is not hexadecimal");
        if (size == 0) {
            m_lastChunk = true;
            m_chunkPos = nl + 1;
            continue;
        }
        if (m_request.body.size() + size > m_maxBody)
            return fail(413, "request body exceeds " + std::to_string(m_maxBody) + " bytes");
        const std::size_t dataStart = nl + 1, dataEnd = dataStart + size;
        if (buffer.size() < dataEnd + 1)
            return State::Incomplete;
        std::size_t after;
        if (buffer[dataEnd] == '\n') {
            after = dataEnd + 1;
        } else if (buffer[dataEnd] == '\r') {
            if (buffer.size() < dataEnd + 2)
                return State::Incomplete;
            if (buffer[dataEnd + 1] != '\n')
                return fail(400, "chunk data is not followed by CRLF");
            after = dataEnd + 2;
        } else {
            return fail(400, "chunk data is not followed by CRLF");
        }
        m_request.body.append(buffer.substr(dataStart, size));
        m_chunkPos = after;
    }
}

} // namespace mdeck::serving::detail
