#include "core/serving/http_transport_p.h"

#include "core/common/system_info.h"
#include "core/serving/http_parser.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <thread>

namespace mdeck::serving::detail {

const char *reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return status < 400 ? "OK" : status < 500 ? "Bad Request" : "Internal Server Error";
    }
}

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kReadChunk = 65536;
constexpr std::size_t kMaxEvents = 256;
constexpr std::chrono::milliseconds kSweepInterval{100};
constexpr std::chrono::seconds kLinger{2};    // reading what a refused client still sends
constexpr std::chrono::seconds kStopGrace{5}; // for answers still in flight at stop()

char kListenTag, kWakeTag;

void appendResponse(std::string &out, const HttpResponse &res, bool close, bool http10 = false)
{
    out += "HTTP/1.1 ";
    out += std::to_string(res.status);
    out += ' ';
    out += reasonPhrase(res.status);
    out += "\r\n";
    if (!res.contentType.empty()) {
        out += "Content-Type: ";
        out += res.contentType;
        out += "\r\n";
    }
    out += "Content-Length: ";
    out += std::to_string(res.body.size());
    out += "\r\n";
    for (const auto &[name, value] : res.headers) {
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    if (close)
        out += "Connection: close\r\n";
    else if (http10)
        out += "Connection: keep-alive\r\n";
    out += "\r\n";
    out += res.body;
}

class Loop;

struct Shared
{
    TransportLimits limits;
    TransportHandlers handlers;
    std::shared_ptr<SSL_CTX> tls; // set: every connection speaks TLS
    int listenFd = -1;
    std::atomic<std::uint64_t> open{0};
    std::atomic<std::uint64_t> refused{0};
    std::atomic<bool> stopping{false};
    // Accepted connections go to the loops in turn: the one that wakes for
    // a burst of connections does not keep them all.
    std::vector<Loop *> loops;
    std::atomic<std::size_t> nextLoop{0};
};

struct Conn
{
    Conn(int f, std::uint32_t g, const TransportLimits &l)
        : fd(f)
        , gen(g)
        , parser(l.maxHeaderBytes, l.maxBodyBytes)
    {}
    int fd;
    std::uint32_t gen;
    RequestParser parser;
    std::string in;
    std::string out;
    std::size_t outPos = 0;
    std::size_t served = 0;
    bool inFlight = false;   // a request was dispatched; its answer is not written yet
    bool answered = false;   // that answer is in `out`
    bool closeAfter = false; // close once `out` is written
    bool lingering = false;  // our side is shut; reading to EOF before closing
    bool peerClosed = false;
    bool readCapped = false; // reading stopped at the byte cap; resume once `in` shrinks
    bool http10 = false;     // the request in flight is HTTP/1.0
    bool counted = true;     // counts against maxConnections (not a refused one)
    bool dead = false;
    SSL *ssl = nullptr; // TLS connections: the session, handshake first
    bool handshaking = false;
    Clock::time_point lastActivity{}, requestStart{}, writeStart{}, lingerUntil{};
};

thread_local class Loop *t_loop = nullptr;

// A failed TLS call as recv/send would report it: 0 at the peer's end,
// -1 with errno EAGAIN when it must wait for the socket, else -1.
ssize_t tlsFailure(const Conn &c, int result)
{
    switch (SSL_get_error(c.ssl, result)) {
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE:
        errno = EAGAIN;
        return -1;
    case SSL_ERROR_ZERO_RETURN:
        return 0;
    case SSL_ERROR_SYSCALL:
        if (errno == 0)
            return 0; // the peer went away without close_notify
        return -1;
    default: // a protocol error: a bad handshake, a forged record
        errno = ECONNRESET;
        return -1;
    }
}

// Drives a TLS handshake on; true once it is done.
bool tlsHandshake(Conn &c)
{
    if (!c.handshaking)
        return true;
    ERR_clear_error();
    errno = 0;
    const int r = SSL_do_handshake(c.ssl);
    if (r == 1) {
        c.handshaking = false;
        return true;
    }
    if (tlsFailure(c, r) == 0)
        errno = ECONNRESET; // closed during the handshake
    return false;
}

// recv() and send() for a connection, through TLS when it has a session.
ssize_t connRecv(Conn &c, char *buf, std::size_t n)
{
    if (!c.ssl)
        return ::recv(c.fd, buf, n, 0);
    if (!tlsHandshake(c))
        return -1;
    ERR_clear_error();
    errno = 0;
    const int r = SSL_read(c.ssl, buf, static_cast<int>(std::min<std::size_t>(n, 1 << 30)));
    return r > 0 ? r : tlsFailure(c, r);
}

ssize_t connSend(Conn &c, const char *data, std::size_t n)
{
    if (!c.ssl)
        return ::send(c.fd, data, n, MSG_NOSIGNAL);
    if (!tlsHandshake(c))
        return -1;
    ERR_clear_error();
    errno = 0;
    const int r = SSL_write(c.ssl, data, static_cast<int>(std::min<std::size_t>(n, 1 << 30)));
    if (r > 0)
        return r;
    if (tlsFailure(c, r) == 0)
        errno = EPIPE;
    return -1;
}

// One epoll loop: the connections it accepted, their parsing, timers and writes.
class Loop final : public ResponseSink, public std::enable_shared_from_this<Loop>
{
public:
    explicit Loop(Shared &shared)
        : m_shared(shared)
    {}
    ~Loop() override
    {
        if (m_ep >= 0)
            ::close(m_ep);
        if (m_ev >= 0)
            ::close(m_ev);
        if (m_spare >= 0)
            ::close(m_spare);
    }

    Result<void> init()
    {
        m_ep = ::epoll_create1(EPOLL_CLOEXEC);
        m_ev = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        m_spare = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (m_ep < 0 || m_ev < 0)
            return Error(ErrorCode::Io,
                         std::string("cannot create an event loop: ") + std::strerror(errno));
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.ptr = &kWakeTag;
        ::epoll_ctl(m_ep, EPOLL_CTL_ADD, m_ev, &ev);
        ev.events = EPOLLIN | EPOLLEXCLUSIVE;
        ev.data.ptr = &kListenTag;
        if (::epoll_ctl(m_ep, EPOLL_CTL_ADD, m_shared.listenFd, &ev) != 0)
            return Error(ErrorCode::Io,
                         std::string("cannot watch the listening socket: ") + std::strerror(errno));
        return success();
    }

    void wake()
    {
        const std::uint64_t one = 1;
        [[maybe_unused]] auto n = ::write(m_ev, &one, sizeof one);
    }

    void deliver(std::uint64_t token, HttpResponse &&response) override
    {
        if (t_loop == this) {
            m_local.emplace_back(token, std::move(response));
            return;
        }
        bool signal;
        {
            const std::lock_guard lock(m_inboxMutex);
            if (m_exited)
                return;
            signal = m_inbox.empty();
            m_inbox.emplace_back(token, std::move(response));
        }
        if (signal)
            wake();
    }

    // Takes over a connection another loop accepted (already counted open).
    void hand(int fd)
    {
        bool signal;
        {
            const std::lock_guard lock(m_inboxMutex);
            if (m_exited) {
                ::close(fd);
                --m_shared.open;
                return;
            }
            signal = m_inbox.empty() && m_incoming.empty();
            m_incoming.push_back(fd);
        }
        if (signal)
            wake();
    }

    void run();

private:
    using Delivery = std::pair<std::uint64_t, HttpResponse>;

    static std::uint64_t tokenOf(const Conn &c)
    {
        return (static_cast<std::uint64_t>(c.fd) << 32) | c.gen;
    }
    std::size_t readCap() const
    {
        // Chunked framing may add to the body, so the raw cap is twice the limits.
        return 2 * (m_shared.limits.maxHeaderBytes + m_shared.limits.maxBodyBytes) + kReadChunk;
    }

    void acceptAll();
    // Watches an accepted socket; nullptr (and the socket closed) when epoll refuses it.
    Conn *adopt(int fd, bool counted);
    void onEvents(Conn &c, std::uint32_t events);
    void readFrom(Conn &c, bool toTheEnd = false);
    // Appends what the socket holds to `in`, up to the cap (sets readCapped);
    // false when the connection failed and was closed.
    bool receive(Conn &c, bool toTheEnd);
    void process(Conn &c);
    void respond(Conn &c, HttpResponse &&res, bool close);
    void flush(Conn &c);
    void finishClose(Conn &c);
    void closeConn(Conn &c);
    void sweep();
    void complete(std::vector<Delivery> &deliveries);
    bool busy() const;

    Shared &m_shared;
    int m_ep = -1, m_ev = -1, m_spare = -1;
    bool m_acceptPaused = false; // out of descriptors: the listening socket is unwatched
    std::size_t m_refusing = 0;  // refused connections lingering after their 503
    std::uint32_t m_gen = 0;
    Clock::time_point m_now = Clock::now();
    std::vector<std::unique_ptr<Conn>> m_conns; // by fd
    std::vector<std::unique_ptr<Conn>> m_graveyard;
    std::vector<Delivery> m_local; // answers given on this thread
    std::mutex m_inboxMutex;
    std::vector<Delivery> m_inbox; // answers from other threads
    std::vector<int> m_incoming;   // connections other loops accepted for this one
    bool m_exited = false;
};

void Loop::run()
{
    t_loop = this;
    epoll_event events[kMaxEvents];
    auto nextSweep = Clock::now() + kSweepInterval;
    bool stopSeen = false;
    Clock::time_point stopDeadline{};
    std::vector<Delivery> batch;
    std::vector<int> incoming;
    for (;;) {
        const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(nextSweep
                                                                                - Clock::now());
        const int n = ::epoll_wait(m_ep, events, kMaxEvents,
                                   static_cast<int>(std::clamp<long>(wait.count() + 1, 0, 100)));
        m_now = Clock::now();
        for (int i = 0; i < n; ++i) {
            void *tag = events[i].data.ptr;
            if (tag == &kListenTag) {
                if (!m_shared.stopping)
                    acceptAll();
            } else if (tag == &kWakeTag) {
                std::uint64_t v;
                [[maybe_unused]] auto r = ::read(m_ev, &v, sizeof v);
                {
                    const std::lock_guard lock(m_inboxMutex);
                    batch.swap(m_inbox);
                    incoming.swap(m_incoming);
                }
                for (const int fd : incoming)
                    if (!adopt(fd, true))
                        --m_shared.open;
                incoming.clear();
                complete(batch);
            } else {
                onEvents(*static_cast<Conn *>(tag), events[i].events);
            }
        }
        // Deferred work runs, answers given here are written, and writing
        // them may dispatch pipelined requests: repeat until all is quiet.
        for (;;) {
            if (m_shared.handlers.roundDone) {
                try {
                    m_shared.handlers.roundDone();
                } catch (const std::exception &) {
                    // the handler's own answers cover its failures; a loop survives
                }
            }
            if (m_local.empty())
                break;
            batch.swap(m_local);
            complete(batch);
        }
        m_graveyard.clear();
        if (m_now >= nextSweep) {
            sweep();
            nextSweep = m_now + kSweepInterval;
        }
        if (m_shared.stopping) {
            if (!stopSeen) {
                stopSeen = true;
                stopDeadline = m_now + kStopGrace;
                if (!m_acceptPaused)
                    ::epoll_ctl(m_ep, EPOLL_CTL_DEL, m_shared.listenFd, nullptr);
            }
            if (!busy() || m_now >= stopDeadline)
                break;
        }
    }
    for (auto &c : m_conns)
        if (c && !c->dead)
            closeConn(*c);
    m_graveyard.clear();
    {
        const std::lock_guard lock(m_inboxMutex);
        m_exited = true;
        m_inbox.clear();
        for (const int fd : m_incoming) {
            ::close(fd);
            --m_shared.open;
        }
        m_incoming.clear();
    }
    t_loop = nullptr;
}

bool Loop::busy() const
{
    for (const auto &c : m_conns)
        if (c && !c->dead && !c->lingering && (c->inFlight || c->outPos < c->out.size()))
            return true;
    return false;
}

void Loop::acceptAll()
{
    for (int i = 0; i < 64; ++i) {
        const int fd = ::accept4(m_shared.listenFd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if (errno == EMFILE || errno == ENFILE) {
                // Out of descriptors: accept with the spare one and close at
                // once, so the listening socket does not stay ready forever;
                // without a spare, stop watching it until the next sweep.
                if (m_spare >= 0) {
                    ::close(m_spare);
                    const int victim = ::accept4(m_shared.listenFd, nullptr, nullptr, SOCK_CLOEXEC);
                    if (victim >= 0)
                        ::close(victim);
                    ++m_shared.refused;
                    m_spare = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
                }
                if (m_spare < 0 && !m_acceptPaused) {
                    ::epoll_ctl(m_ep, EPOLL_CTL_DEL, m_shared.listenFd, nullptr);
                    m_acceptPaused = true;
                }
            }
            return; // EAGAIN: nothing more to accept
        }
        const bool full = m_shared.open.load() >= m_shared.limits.maxConnections;
        if (full) {
            ++m_shared.refused;
            HttpResponse busyAnswer = m_shared.handlers.refuse(503,
                                                               "too many connections; retry later");
            busyAnswer.setHeader("Retry-After", "1");
            if (m_refusing >= m_shared.limits.maxConnections) {
                if (m_shared.tls) { // no handshake for it: close at once
                    ::close(fd);
                    continue;
                }
                // Too many refusals lingering already: answer and close at once.
                std::string text;
                appendResponse(text, busyAnswer, true);
                [[maybe_unused]] auto sent = ::send(fd, text.data(), text.size(),
                                                    MSG_NOSIGNAL | MSG_DONTWAIT);
                ::close(fd);
                continue;
            }
            // Answered like a refused request: 503, then a lingering close, so
            // a client that sent its request at once reads the 503, not a reset.
            if (Conn *c = adopt(fd, false)) {
                ++m_refusing;
                c->inFlight = true;
                respond(*c, std::move(busyAnswer), true);
            }
            continue;
        }
        ++m_shared.open;
        Loop *to = m_shared.loops.empty()
            ? this
            : m_shared.loops[m_shared.nextLoop++ % m_shared.loops.size()];
        if (to != this)
            to->hand(fd);
        else if (!adopt(fd, true))
            --m_shared.open;
    }
}

Conn *Loop::adopt(int fd, bool counted)
{
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    auto conn = std::make_unique<Conn>(fd, ++m_gen, m_shared.limits);
    conn->lastActivity = m_now;
    conn->counted = counted;
    if (m_shared.tls) {
        conn->ssl = SSL_new(m_shared.tls.get());
        if (!conn->ssl || SSL_set_fd(conn->ssl, fd) != 1) {
            if (conn->ssl)
                SSL_free(conn->ssl);
            ::close(fd);
            return nullptr;
        }
        SSL_set_accept_state(conn->ssl);
        SSL_set_mode(conn->ssl, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
        conn->handshaking = true;
        conn->in.clear();
        conn->requestStart = m_now; // the handshake counts toward the first request's deadline
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    ev.data.ptr = conn.get();
    if (::epoll_ctl(m_ep, EPOLL_CTL_ADD, fd, &ev) != 0) {
        ::close(fd);
        return nullptr;
    }
    if (static_cast<std::size_t>(fd) >= m_conns.size())
        m_conns.resize(static_cast<std::size_t>(fd) + 64);
    m_conns[static_cast<std::size_t>(fd)] = std::move(conn);
    return m_conns[static_cast<std::size_t>(fd)].get();
}

void Loop::onEvents(Conn &c, std::uint32_t events)
{
    if (c.dead)
        return;
    if (events & EPOLLERR) {
        closeConn(c);
        return;
    }
    if (c.ssl) {
        // TLS reads may need to write and writes to read (the handshake,
        // key updates), and decrypted data may wait inside the session: try
        // both on any event, reading until the session says to wait.
        if (c.outPos < c.out.size())
            flush(c);
        if (!c.dead)
            readFrom(c, true);
        return;
    }
    if ((events & EPOLLOUT) && c.outPos < c.out.size())
        flush(c);
    if (!c.dead && (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP)))
        readFrom(c, (events & (EPOLLRDHUP | EPOLLHUP)) != 0);
}

// `toTheEnd`: the peer has closed its side; read until recv says so, since
// a short read does not prove the end then.
void Loop::readFrom(Conn &c, bool toTheEnd)
{
    do {
        if (!receive(c, toTheEnd))
            return;
        if (c.lingering) {
            if (c.peerClosed)
                closeConn(c);
            return;
        }
        process(c);
        // Stopped at the cap, and process() made room (a chunked body's
        // framing dropped) without taking a request: the socket may hold
        // the rest, and edge-triggered epoll will not say so again.
    } while (!c.dead && c.readCapped && !c.inFlight && c.in.size() < readCap());
    if (!c.dead && c.peerClosed && !c.inFlight && c.outPos >= c.out.size())
        closeConn(c);
}

bool Loop::receive(Conn &c, bool toTheEnd)
{
    char buf[kReadChunk];
    const std::size_t cap = readCap();
    for (;;) {
        const std::size_t want = c.lingering
            ? sizeof buf
            : std::min(sizeof buf, cap - std::min(cap, c.in.size()));
        c.readCapped = want == 0;
        if (want == 0)
            return true; // over the cap: process() refuses the request, or flush() resumes
        // Lingering discards raw bytes: past our close_notify, TLS is over.
        const ssize_t n = c.lingering ? ::recv(c.fd, buf, want, 0) : connRecv(c, buf, want);
        if (n > 0) {
            if (c.lingering)
                continue; // discarded
            if (c.in.empty() && !c.inFlight)
                c.requestStart = m_now;
            c.in.append(buf, static_cast<std::size_t>(n));
            if (static_cast<std::size_t>(n) < want && !toTheEnd)
                return true; // drained; edge-triggered epoll reports what comes next
        } else if (n == 0) {
            c.peerClosed = true;
            return true;
        } else if (errno == EINTR) {
            continue;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return true;
        } else {
            closeConn(c);
            return false;
        }
    }
}

void Loop::process(Conn &c)
{
    while (!c.dead && !c.inFlight && !c.closeAfter && !c.in.empty()) {
        if (!c.parser.headersDone()) { // empty lines between requests are ignored
            const std::size_t start = c.in.find_first_not_of("\r\n");
            c.in.erase(0, start == std::string::npos ? c.in.size() : start);
            if (c.in.empty())
                break;
        }
        const auto state = c.parser.parse(c.in);
        if (state == RequestParser::State::Incomplete) {
            // A chunked body's decoded chunks are in the request already:
            // drop their framing, so that many tiny chunks do not reach
            // the raw cap before the body reaches its own limit.
            if (const std::size_t n = c.parser.droppable(); n >= kReadChunk) {
                c.in.erase(0, n);
                c.parser.dropped(n);
            }
            if (c.parser.takeContinue() && !c.peerClosed) {
                c.out += "HTTP/1.1 100 Continue\r\n\r\n";
                flush(c);
            } else if (c.in.size() >= readCap()) {
                c.inFlight = true;
                respond(c,
                        m_shared.handlers.refuse(413,
                                                 "request exceeds " + std::to_string(readCap())
                                                     + " bytes"),
                        true);
            }
            return;
        }
        c.inFlight = true;
        if (state == RequestParser::State::Failed) {
            respond(c, m_shared.handlers.refuse(c.parser.errorStatus(), c.parser.errorMessage()),
                    true);
            return;
        }
        HttpRequest req = c.parser.takeRequest();
        c.http10 = c.parser.http10();
        c.gen = ++m_gen; // the token names this request, not just the connection
        c.closeAfter = !c.parser.keepAlive() || ++c.served >= m_shared.limits.keepAliveMaxRequests
            || m_shared.stopping;
        c.in.erase(0, c.parser.consumed());
        c.parser.reset();
        if (!c.in.empty())
            c.requestStart = m_now; // the next request has begun
        try {
            m_shared.handlers.dispatch(std::move(req), Responder(shared_from_this(), tokenOf(c)));
        } catch (const std::exception &e) {
            m_local.emplace_back(tokenOf(c),
                                 m_shared.handlers.refuse(500,
                                                          std::string("internal error: ")
                                                              + e.what()));
        }
    }
}

void Loop::complete(std::vector<Delivery> &deliveries)
{
    for (auto &[token, response] : deliveries) {
        const auto fd = static_cast<std::size_t>(token >> 32);
        if (fd >= m_conns.size() || !m_conns[fd])
            continue;
        Conn &c = *m_conns[fd];
        if (c.dead || c.gen != static_cast<std::uint32_t>(token) || !c.inFlight || c.answered)
            continue; // the connection went away, or already has its answer
        respond(c, std::move(response), false);
    }
    deliveries.clear();
}

void Loop::respond(Conn &c, HttpResponse &&res, bool close)
{
    // A peer that half-closed still gets answers to the whole requests it sent.
    c.closeAfter = c.closeAfter || close || m_shared.stopping;
    c.answered = true;
    appendResponse(c.out, res, c.closeAfter, c.http10);
    flush(c);
}

void Loop::flush(Conn &c)
{
    while (c.outPos < c.out.size()) {
        const ssize_t n = connSend(c, c.out.data() + c.outPos, c.out.size() - c.outPos);
        if (n > 0) {
            c.outPos += static_cast<std::size_t>(n);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (c.writeStart == Clock::time_point{})
                c.writeStart = m_now;
            return; // EPOLLOUT resumes
        } else {
            closeConn(c);
            return;
        }
    }
    c.out.clear();
    c.outPos = 0;
    c.writeStart = {};
    if (!c.answered)
        return; // an interim "100 Continue"
    c.answered = false;
    c.inFlight = false;
    c.lastActivity = m_now;
    if (c.closeAfter) {
        finishClose(c);
        return;
    }
    if (!c.in.empty()) {
        c.requestStart = m_now; // a pipelined request: its time starts now
        process(c);
    }
    if (!c.dead && c.readCapped && !c.inFlight)
        readFrom(c); // the socket may hold more than was read at the cap
    if (!c.dead && c.peerClosed && !c.inFlight && c.outPos >= c.out.size())
        closeConn(c);
}

// After the last answer: shut our side and read what the client still sends
// until it closes (or kLinger passes), so it gets the answer and not a reset.
void Loop::finishClose(Conn &c)
{
    if (c.peerClosed) {
        closeConn(c);
        return;
    }
    if (c.ssl && !c.handshaking) {
        ERR_clear_error();
        SSL_shutdown(c.ssl); // close_notify; not waiting for the peer's
    }
    ::shutdown(c.fd, SHUT_WR);
    c.lingering = true;
    c.lingerUntil = m_now + kLinger;
    c.in.clear();
    readFrom(c);
}

void Loop::closeConn(Conn &c)
{
    if (c.dead)
        return;
    c.dead = true;
    ::epoll_ctl(m_ep, EPOLL_CTL_DEL, c.fd, nullptr);
    if (c.ssl) {
        SSL_free(c.ssl);
        c.ssl = nullptr;
    }
    ::close(c.fd);
    if (c.counted)
        --m_shared.open;
    else
        --m_refusing;
    auto &slot = m_conns[static_cast<std::size_t>(c.fd)];
    m_graveyard.push_back(std::move(slot)); // freed after this round of events
}

void Loop::sweep()
{
    const auto &lim = m_shared.limits;
    if (m_acceptPaused && !m_shared.stopping) {
        if (m_spare < 0)
            m_spare = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLEXCLUSIVE;
        ev.data.ptr = &kListenTag;
        m_acceptPaused = ::epoll_ctl(m_ep, EPOLL_CTL_ADD, m_shared.listenFd, &ev) != 0;
    }
    for (auto &slot : m_conns) {
        if (!slot || slot->dead)
            continue;
        Conn &c = *slot;
        if (c.handshaking && m_now - c.requestStart > lim.requestTimeout) {
            closeConn(c); // a TLS handshake that does not finish in time
        } else if (c.lingering) {
            if (m_now >= c.lingerUntil)
                closeConn(c);
        } else if (c.outPos < c.out.size()) {
            if (c.writeStart != Clock::time_point{} && m_now - c.writeStart > lim.writeTimeout)
                closeConn(c); // the client does not read its answer
        } else if (c.inFlight) {
            continue;
        } else if (c.in.empty()) {
            if (m_now - c.lastActivity > lim.idleTimeout || m_shared.stopping)
                closeConn(c);
        } else if (m_now - c.requestStart > lim.requestTimeout) {
            c.inFlight = true;
            respond(c,
                    m_shared.handlers.refuse(408,
                                             "the request did not arrive whole within "
                                                 + std::to_string(lim.requestTimeout.count())
                                                 + " ms"),
                    true);
        }
    }
}

class EventTransport final : public Transport
{
public:
    EventTransport(const TransportLimits &limits, TransportHandlers handlers,
                   std::shared_ptr<SSL_CTX> tls = {})
    {
        m_shared.limits = limits;
        m_shared.handlers = std::move(handlers);
        m_shared.tls = std::move(tls);
    }
    ~EventTransport() override { stop(); }

    Result<int> listen(const std::string &host, int port) override;
    void stop() override;
    bool running() const override { return m_running.load(); }
    std::uint64_t openConnections() const override { return m_shared.open.load(); }
    std::uint64_t refusedConnections() const override { return m_shared.refused.load(); }

private:
    Shared m_shared;
    std::vector<std::shared_ptr<Loop>> m_loops;
    std::vector<std::thread> m_threads;
    std::atomic<bool> m_running{false};
};

Result<int> EventTransport::listen(const std::string &host, int port)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo *found = nullptr;
    const std::string where = host + ":" + std::to_string(port);
    if (const int rc = ::getaddrinfo(host.empty() ? nullptr : host.c_str(),
                                     std::to_string(port).c_str(), &hints, &found);
        rc != 0)
        return Error(ErrorCode::Io, "cannot listen on " + where + ": " + ::gai_strerror(rc));
    std::string why = "no address";
    int fd = -1;
    for (addrinfo *a = found; a && fd < 0; a = a->ai_next) {
        fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) {
            why = std::strerror(errno);
            continue;
        }
        const int one = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, SOMAXCONN) != 0) {
            why = std::strerror(errno);
            ::close(fd);
            fd = -1;
        }
    }
    ::freeaddrinfo(found);
    if (fd < 0)
        return Error(ErrorCode::Io, "cannot listen on " + where + ": " + why);
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len);
    const int bound = addr.ss_family == AF_INET6
        ? ntohs(reinterpret_cast<sockaddr_in6 *>(&addr)->sin6_port)
        : ntohs(reinterpret_cast<sockaddr_in *>(&addr)->sin_port);
    m_shared.listenFd = fd;
    const std::size_t n = m_shared.limits.threads ? m_shared.limits.threads
                                                  : std::clamp<std::size_t>(usableCores(), 1, 4);
    for (std::size_t i = 0; i < n; ++i) {
        auto loop = std::make_shared<Loop>(m_shared);
        if (auto ok = loop->init(); !ok) {
            m_loops.clear();
            ::close(fd);
            m_shared.listenFd = -1;
            return ok.error();
        }
        m_loops.push_back(std::move(loop));
    }
    m_shared.stopping = false;
    m_shared.loops.clear();
    for (auto &loop : m_loops)
        m_shared.loops.push_back(loop.get());
    for (auto &loop : m_loops)
        m_threads.emplace_back([loop] { loop->run(); });
    m_running = true;
    return bound;
}

void EventTransport::stop()
{
    if (!m_running.exchange(false))
        return;
    m_shared.stopping = true;
    for (auto &loop : m_loops)
        loop->wake();
    for (auto &t : m_threads)
        t.join();
    m_threads.clear();
    m_shared.loops.clear();
    m_loops.clear(); // responders still held elsewhere keep their loop alive, inert
    ::close(m_shared.listenFd);
    m_shared.listenFd = -1;
}

} // namespace

bool inEventLoop()
{
    return t_loop != nullptr;
}

std::unique_ptr<Transport> makeEventTransport(const TransportLimits &limits,
                                              TransportHandlers handlers)
{
    return std::make_unique<EventTransport>(limits, std::move(handlers));
}

Result<std::unique_ptr<Transport>> makeTlsTransport(const TransportLimits &limits,
                                                    TransportHandlers handlers,
                                                    const std::string &certificate,
                                                    const std::string &privateKey)
{
    std::shared_ptr<SSL_CTX> ctx(SSL_CTX_new(TLS_server_method()), SSL_CTX_free);
    auto failed = [&](const std::string &what) {
        const unsigned long e = ERR_get_error();
        char reason[256] = "unknown reason";
        if (e)
            ERR_error_string_n(e, reason, sizeof reason);
        ERR_clear_error();
        return Error(ErrorCode::InvalidArgument, what + " (" + reason + ")");
    };
    if (!ctx)
        return failed("cannot create a TLS context");
    SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
    SSL_CTX_set_options(ctx.get(), SSL_OP_NO_RENEGOTIATION | SSL_OP_IGNORE_UNEXPECTED_EOF);
    if (SSL_CTX_use_certificate_chain_file(ctx.get(), certificate.c_str()) != 1)
        return failed("cannot load the TLS certificate " + certificate);
    if (SSL_CTX_use_PrivateKey_file(ctx.get(), privateKey.c_str(), SSL_FILETYPE_PEM) != 1)
        return failed("cannot load the TLS private key " + privateKey);
    if (SSL_CTX_check_private_key(ctx.get()) != 1)
        return failed("the TLS private key " + privateKey + " does not match the certificate "
                      + certificate);
    // OpenSSL writes to sockets with write(): a peer that has gone would
    // raise SIGPIPE, which kills a process that has not chosen otherwise.
    struct sigaction current
    {};
    if (::sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL)
        ::signal(SIGPIPE, SIG_IGN);
    return std::unique_ptr<Transport>(
        std::make_unique<EventTransport>(limits, std::move(handlers), std::move(ctx)));
}

} // namespace mdeck::serving::detail
