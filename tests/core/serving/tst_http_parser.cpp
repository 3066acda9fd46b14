#include "core/serving/http_parser.h"

#include <QtTest>

using namespace mdeck::serving::detail;

namespace {

constexpr std::size_t kHeaderLimit = 1024;
constexpr std::size_t kBodyLimit = 4096;

// Parses `raw` as it would arrive one byte at a time and then whole; both
// must end in the same state.
RequestParser::State parseAll(RequestParser &p, const std::string &raw, bool byteByByte)
{
    RequestParser::State s = RequestParser::State::Incomplete;
    if (byteByByte) {
        for (std::size_t n = 1; n <= raw.size() && s == RequestParser::State::Incomplete; ++n)
            s = p.parse(std::string_view(raw).substr(0, n));
        return s;
    }
    return p.parse(raw);
}

} // namespace

// The HTTP/1.1 request parser of the event-loop transport: one named row per
// well-formed, malformed and hostile request, each parsed whole and byte by
// byte, with the status a refusal must carry.
class tst_HttpParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requests_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<int>("status"); // 0 = incomplete, 200 = a whole request, else the refusal
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("keepAlive");

        QTest::addRow("simple GET")
            << QByteArray("GET /v2/health/live HTTP/1.1\r\nHost: x\r\n\r\n") << 200
            << QByteArray("GET") << QByteArray("/v2/health/live") << QByteArray() << true;
        QTest::addRow("POST with length")
            << QByteArray("POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello") << 200
            << QByteArray("POST") << QByteArray("/a") << QByteArray("hello") << true;
        QTest::addRow("bare LF lines")
            << QByteArray("GET /a HTTP/1.1\nHost: x\n\n") << 200 << QByteArray("GET")
            << QByteArray("/a") << QByteArray() << true;
        QTest::addRow("leading empty lines")
            << QByteArray("\r\n\r\nGET /a HTTP/1.1\r\n\r\n") << 200 << QByteArray("GET")
            << QByteArray("/a") << QByteArray() << true;
        QTest::addRow("query and escapes")
            << QByteArray("GET /v2/models/a%20b?x=1 HTTP/1.1\r\n\r\n") << 200 << QByteArray("GET")
            << QByteArray("/v2/models/a b") << QByteArray() << true;
        QTest::addRow("connection close")
            << QByteArray("GET /a HTTP/1.1\r\nConnection: close\r\n\r\n") << 200
            << QByteArray("GET") << QByteArray("/a") << QByteArray() << false;
        QTest::addRow("HTTP/1.0 closes")
            << QByteArray("GET /a HTTP/1.0\r\n\r\n") << 200 << QByteArray("GET") << QByteArray("/a")
            << QByteArray() << false;
        QTest::addRow("HTTP/1.0 keep-alive")
            << QByteArray("GET /a HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n") << 200
            << QByteArray("GET") << QByteArray("/a") << QByteArray() << true;
        QTest::addRow("chunked") << QByteArray(
            "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
            "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
                                 << 200 << QByteArray("POST") << QByteArray("/a")
                                 << QByteArray("hello world") << true;
        QTest::addRow("chunked with trailer")
            << QByteArray("POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "3\r\nabc\r\n0\r\nX-Sum: 1\r\n\r\n")
            << 200 << QByteArray("POST") << QByteArray("/a") << QByteArray("abc") << true;
        QTest::addRow("headers not finished")
            << QByteArray("GET /a HTTP/1.1\r\nHost: x\r\n") << 0 << QByteArray() << QByteArray()
            << QByteArray() << true;
        QTest::addRow("body not finished")
            << QByteArray("POST /a HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc") << 0 << QByteArray()
            << QByteArray() << QByteArray() << true;

        auto refused = [](const char *name, const QByteArray &raw, int status) {
            QTest::addRow("%s", name)
                << raw << status << QByteArray() << QByteArray() << QByteArray() << false;
        };
        refused("garbage", QByteArray("\x01\x02\x03\r\n\r\n"), 400);
        refused("no target", "GET HTTP/1.1\r\n\r\n", 400);
        refused("lower-case method", "get /a HTTP/1.1\r\n\r\n", 400);
        refused("target not a path", "GET a HTTP/1.1\r\n\r\n", 400);
        refused("extra space", "GET /a  HTTP/1.1\r\n\r\n", 400);
        refused("HTTP/2.0", "GET /a HTTP/2.0\r\n\r\n", 505);
        refused("not HTTP", "GET /a FTP/1.1\r\n\r\n", 400);
        refused("bad escape", "GET /a%zz HTTP/1.1\r\n\r\n", 400);
        refused("encoded NUL", "GET /a%00 HTTP/1.1\r\n\r\n", 400);
        refused("folded header", "GET /a HTTP/1.1\r\nX: a\r\n b\r\n\r\n", 400);
        refused("header without name", "GET /a HTTP/1.1\r\n: a\r\n\r\n", 400);
        refused("space before colon", "GET /a HTTP/1.1\r\nX : a\r\n\r\n", 400);
        refused("control character in value", "GET /a HTTP/1.1\r\nX: a\x01z\r\n\r\n", 400);
        refused("negative length", "POST /a HTTP/1.1\r\nContent-Length: -5\r\n\r\n", 400);
        refused("length with sign", "POST /a HTTP/1.1\r\nContent-Length: +5\r\n\r\n", 400);
        refused("two different lengths",
                "POST /a HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400);
        refused("length over the limit", "POST /a HTTP/1.1\r\nContent-Length: 4097\r\n\r\n", 413);
        refused("huge length", "POST /a HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n",
                413);
        refused("length and chunked",
                "POST /a HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400);
        refused(
            "chunked twice",
            "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
            400);
        refused("gzip coding", "POST /a HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501);
        refused("unknown coding", "POST /a HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501);
        refused("chunk size not hex",
                "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400);
        refused("chunk size too large",
                "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n",
                400);
        refused("chunk without CRLF",
                "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n", 400);
        refused("chunks over the limit",
                "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1001\r\n", 413);
        refused("long request line", "GET /" + QByteArray(2000, 'a') + " HTTP/1.1\r\n\r\n", 414);
        refused("long headers", "GET /a HTTP/1.1\r\nX: " + QByteArray(2000, 'a') + "\r\n\r\n", 431);
        refused("endless headers",
                "GET /a HTTP/1.1\r\n" + QByteArray(2000, 'a').replace("aaaa", "a\r\nb"), 431);
        refused("only empty lines", QByteArray(2000, '\n'), 400);
    }

    void requests()
    {
        QFETCH(QByteArray, raw);
        QFETCH(int, status);
        for (const bool byteByByte : {false, true}) {
            RequestParser p(kHeaderLimit, kBodyLimit);
            const auto state = parseAll(p, raw.toStdString(), byteByByte);
            if (status == 0) {
                QCOMPARE(int(state), int(RequestParser::State::Incomplete));
                continue;
            }
            if (status != 200) {
                QCOMPARE(int(state), int(RequestParser::State::Failed));
                QCOMPARE(p.errorStatus(), status);
                QVERIFY(!p.errorMessage().empty());
                continue;
            }
            QFETCH(QByteArray, method);
            QFETCH(QByteArray, path);
            QFETCH(QByteArray, body);
            QFETCH(bool, keepAlive);
            QCOMPARE(int(state), int(RequestParser::State::Ready));
            QCOMPARE(p.consumed(), std::size_t(raw.size()));
            QCOMPARE(p.keepAlive(), keepAlive);
            const HttpRequest r = p.takeRequest();
            QCOMPARE(QByteArray::fromStdString(r.method), method);
            QCOMPARE(QByteArray::fromStdString(r.path), path);
            QCOMPARE(QByteArray::fromStdString(r.body), body);
        }
    }

    // Two requests in one buffer: the first is taken, and after reset() the
    // rest parses as the second.
    void pipelined()
    {
        const std::string raw = "POST /a HTTP/1.1\r\nContent-Length: 2\r\n\r\nhiGET /b HTTP/1.1\r\n"
                                "host: q\r\n\r\n";
        RequestParser p(kHeaderLimit, kBodyLimit);
        QCOMPARE(int(p.parse(raw)), int(RequestParser::State::Ready));
        QCOMPARE(p.takeRequest().body, std::string("hi"));
        const std::string rest = raw.substr(p.consumed());
        p.reset();
        QCOMPARE(int(p.parse(rest)), int(RequestParser::State::Ready));
        const HttpRequest b = p.takeRequest();
        QCOMPARE(b.path, std::string("/b"));
        QCOMPARE(std::string(b.header("host")), std::string("q"));
        QCOMPARE(p.consumed(), rest.size());
    }

    // A chunked body arriving a few bytes at a time, with the caller dropping
    // what the parser no longer needs after each piece: the buffer stays
    // small, the body comes out whole, and trailers are still bounded.
    void chunkedBodyWithDroppedFraming()
    {
        std::string raw = "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        std::string want;
        for (int i = 0; i < 3000; ++i) {
            const char c = static_cast<char>('a' + i % 26);
            raw += "1;ext=x\r\n";
            raw += c;
            raw += "\r\n";
            want += c;
        }
        raw += "0\r\nX-Trailer: t\r\n\r\n";
        RequestParser p(kHeaderLimit, 4 * kBodyLimit);
        std::string held;
        std::size_t largest = 0;
        auto state = RequestParser::State::Incomplete;
        for (std::size_t at = 0; at < raw.size() && state == RequestParser::State::Incomplete;
             at += 7) {
            held += raw.substr(at, 7);
            state = p.parse(held);
            const std::size_t n = p.droppable();
            held.erase(0, n);
            p.dropped(n);
            largest = std::max(largest, held.size());
        }
        QCOMPARE(int(state), int(RequestParser::State::Ready));
        QCOMPARE(p.takeRequest().body, want);
        QVERIFY2(largest < 64, std::to_string(largest).c_str());

        // Trailers count against the header limit, not the body's.
        std::string trailers
            = "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n";
        for (std::size_t i = 0; i < kHeaderLimit / 16 + 1; ++i)
            trailers += "X-Long-Trailer: 0123456789abcdef\r\n";
        RequestParser q(kHeaderLimit, kBodyLimit);
        QCOMPARE(int(q.parse(trailers + "\r\n")), int(RequestParser::State::Failed));
        QCOMPARE(q.errorStatus(), 431);
    }

    // "Expect: 100-continue" asks once, after the headers, while the body is missing.
    void expectContinue()
    {
        const std::string head
            = "POST /a HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n";
        RequestParser p(kHeaderLimit, kBodyLimit);
        QCOMPARE(int(p.parse(head)), int(RequestParser::State::Incomplete));
        QVERIFY(p.takeContinue());
        QVERIFY(!p.takeContinue());
        QCOMPARE(int(p.parse(head + "abc")), int(RequestParser::State::Ready));
        RequestParser whole(kHeaderLimit, kBodyLimit);
        QCOMPARE(int(whole.parse(head + "abc")), int(RequestParser::State::Ready));
        QVERIFY(!whole.takeContinue());              // the body is already here
        RequestParser old(kHeaderLimit, kBodyLimit); // HTTP/1.0 does not know 100 Continue
        QCOMPARE(int(old.parse(
                     "POST /a HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n")),
                 int(RequestParser::State::Incomplete));
        QVERIFY(!old.takeContinue());
        QVERIFY(old.http10());
    }
};

QTEST_GUILESS_MAIN(tst_HttpParser)
#include "tst_http_parser.moc"
