#pragma once

// An incremental HTTP/1.x request parser for the event-loop transport. It is
// fed the bytes a connection has received so far, from the start of the
// current request, and says whether a whole request is there, more is needed,
// or the request is refused (with the status and a sentence naming the
// problem). Strict where laxness enables request smuggling: Content-Length
// and Transfer-Encoding together, differing Content-Lengths, codings other
// than chunked, folded header lines and control characters are refused.
// Errors: status 400, 413 (body), 414 (request line), 431 (headers), 501
// (transfer coding), 505 (HTTP version).

#include "core/serving/http_transport_p.h"

#include <string_view>

namespace mdeck::serving::detail {

class RequestParser
{
public:
    enum class State { Incomplete, Ready, Failed };

    RequestParser(std::size_t maxHeaderBytes, std::size_t maxBodyBytes)
        : m_maxHeader(maxHeaderBytes)
        , m_maxBody(maxBodyBytes)
    {}

    // `buffer` holds everything received since the current request began (it
    // may hold the start of the next one too). Call again with the grown
    // buffer after Incomplete; work already done is not repeated.
    State parse(std::string_view buffer);

    // After Ready: the request, the bytes of `buffer` it used, and whether the
    // connection may stay open after the answer.
    HttpRequest takeRequest() { return std::move(m_request); }
    std::size_t consumed() const { return m_consumed; }
    bool keepAlive() const { return m_keepAlive; }
    bool http10() const { return m_http10; }

    // True once, after the headers of a request that sent "Expect: 100-continue"
    // and whose body has not arrived yet: answer "100 Continue" now.
    bool takeContinue();
    // Whether the headers of the current request are parsed.
    bool headersDone() const { return m_headDone; }
    // After Incomplete on a chunked body: how many leading bytes of `buffer`
    // are parsed already (the head, and chunks decoded into the body). The
    // caller may drop them and then say so with dropped(), so that what it
    // holds stays about one chunk, however small the chunks are.
    std::size_t droppable() const { return m_headDone && m_chunked ? m_chunkPos : 0; }
    void dropped(std::size_t n);

    // After Failed.
    int errorStatus() const { return m_status; }
    const std::string &errorMessage() const { return m_message; }

    // Ready for the next request (the caller drops consumed() bytes first).
    void reset();

private:
    State fail(int status, std::string message);
    State parseHead(std::string_view head);
    State parseChunks(std::string_view buffer);

    std::size_t m_maxHeader, m_maxBody;
    HttpRequest m_request;
    bool m_headDone = false;
    std::size_t m_scanned = 0;   // bytes searched for the end of the headers
    std::size_t m_bodyStart = 0; // offset of a Content-Length body in the buffer
    bool m_chunked = false;
    std::size_t m_contentLength = 0;
    std::size_t m_chunkPos = 0; // next unparsed byte of a chunked body
    bool m_lastChunk = false;   // the 0-size chunk was seen; trailers follow
    std::size_t m_trailerBytes = 0;
    bool m_continue = false;
    bool m_keepAlive = true;
    bool m_http10 = false;
    std::size_t m_consumed = 0;
    int m_status = 0;
    std::string m_message;
};

} // namespace mdeck::serving::detail
