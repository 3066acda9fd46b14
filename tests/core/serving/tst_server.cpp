#include "raw_http.h"
#include "serving_fixture.h"

#include "core/common/text.h"

#include <QProcess>
#include <QStandardPaths>

#include <thread>

using namespace mdeck;
using mdeck::test::connectTo;
using mdeck::test::readAll;
using mdeck::test::readResponses;
using mdeck::test::sendText;

namespace {

Json errorOf(const httplib::Result &r)
{
    return r ? Json::parse(r->body, nullptr, false) : Json();
}

} // namespace

// The server over real sockets: the protocol's endpoints, its errors and
// limits, hostile clients, the prediction log, tokens, TLS and metrics.
class tst_Server : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void healthAndMetadata()
    {
        test::ServingFixture fx;
        fx.start();
        auto c = fx.client();
        QCOMPARE(c->Get("/v2/health/live")->status, 200);
        QCOMPARE(c->Get("/v2/health/ready")->status, 200);
        const Json server = Json::parse(c->Get("/v2")->body);
        QCOMPARE(server["name"].get<std::string>(), std::string("modeldeck"));
        QVERIFY(server["extensions"].is_array());
        auto meta = c->Get("/v2/models/bc");
        QCOMPARE(meta->status, 200);
        const Json m = Json::parse(meta->body);
        QCOMPARE(m["name"].get<std::string>(), std::string("bc"));
        QCOMPARE(m["platform"].get<std::string>(), std::string("pytorch_torchscript"));
        QVERIFY(m["inputs"][0]
                == Json({{"name", "input"}, {"datatype", "FP32"}, {"shape", {-1, 30}}}));
        QCOMPARE(m["outputs"][1]["name"].get<std::string>(), std::string("label"));
        QCOMPARE(c->Get("/v2/models/bc/versions/1")->status, 200);
        QCOMPARE(c->Get("/v2/models/bc/versions/2")->status, 404);
        QCOMPARE(c->Get("/v2/models/bc/ready")->status, 200);
        QCOMPARE(c->Get("/v2/models/nope/ready")->status, 404);
        auto unknown = c->Get("/v2/models/nope");
        QCOMPARE(unknown->status, 404);
        QVERIFY(errorOf(unknown)["error"].get<std::string>().find("nope") != std::string::npos);
        QCOMPARE(c->Get("/no/such/path")->status, 404);
        QVERIFY(errorOf(c->Get("/no/such/path")).contains("error"));
    }

    void notReadyIs503()
    {
        test::ServingFixture fx;
        serving::Route r = test::ServingFixture::route(7); // no such version
        fx.server = std::make_unique<serving::Server>(*fx.registry, serving::ServerOptions{});
        QVERIFY(!fx.server->applyRoutes({r}).ok());
        MDECK_VERIFY_OK(fx.server->start());
        auto c = fx.client();
        QCOMPARE(c->Get("/v2/health/ready")->status, 503);
        QCOMPARE(c->Get("/v2/models/bc/ready")->status, 503);
        auto res = c->Post("/v2/models/bc/infer", test::inferBody(test::breastCancerRows(1)),
                           "application/json");
        QCOMPARE(res->status, 503);
        QVERIFY(errorOf(res).contains("error"));
    }

    void inferMatchesTheModel()
    {
        test::ServingFixture fx;
        fx.start();
        const auto rows = test::breastCancerRows(5);
        auto c = fx.client();
        auto res = c->Post("/v2/models/bc/infer", test::inferBody(rows, "req-7"),
                           "application/json");
        QCOMPARE(res->status, 200);
        const Json j = Json::parse(res->body);
        QCOMPARE(j["id"].get<std::string>(), std::string("req-7"));
        QCOMPARE(j["model_name"].get<std::string>(), std::string("bc"));
        QCOMPARE(j["model_version"].get<std::string>(), std::string("1"));
        auto model = training::LoadedModel::load(*fx.registry, "bc", "1");
        std::vector<float> x, y(10);
        for (const auto &r : rows)
            for (double v : r)
                x.push_back(static_cast<float>(v));
        MDECK_VERIFY_OK(model->predictor().predict(x.data(), 5, y.data()));
        const Json &probs = j["outputs"][0]["data"];
        QCOMPARE(probs.size(), std::size_t(10));
        for (std::size_t i = 0; i < 10; ++i)
            QCOMPARE(probs[i].get<float>(), y[i]);
        QCOMPARE(j["outputs"][1]["data"].size(), std::size_t(5));
        // Without an id the server makes one, for feedback.
        auto anon = c->Post("/v2/models/bc/infer", test::inferBody(rows), "application/json");
        QVERIFY(Json::parse(anon->body)["id"].get<std::string>().rfind("mdk-", 0) == 0);
        auto labelOnly
            = c->Post("/v2/models/bc/versions/1/infer",
                      R"({"inputs":[{"name":"input","datatype":"FP64","shape":[1,30],"data":)"
                          + Json(rows[0]).dump() + R"(}],"outputs":[{"name":"label"}]})",
                      "application/json");
        QCOMPARE(labelOnly->status, 200);
        QCOMPARE(Json::parse(labelOnly->body)["outputs"].size(), std::size_t(1));
    }

    void errorsAreProtocolJson()
    {
        test::ServingFixture fx;
        serving::ServerOptions o;
        o.maxBodyBytes = 64 * 1024;
        o.maxHeaderBytes = 4096;
        o.maxBatchRows = 8;
        fx.start(o);
        auto c = fx.client();
        auto bad = c->Post(
            "/v2/models/bc/infer",
            R"({"inputs":[{"name":"input","datatype":"FP32","shape":[1,30],"data":[1,2]}]})",
            "application/json");
        QCOMPARE(bad->status, 400);
        QVERIFY(errorOf(bad)["error"].get<std::string>().find("inputs[0].data")
                != std::string::npos);
        auto rows = c->Post("/v2/models/bc/infer", test::inferBody(test::breastCancerRows(9)),
                            "application/json");
        QCOMPARE(rows->status, 400);
        QVERIFY(errorOf(rows)["error"].get<std::string>().find("inputs[0].shape")
                != std::string::npos);
        QCOMPARE(c->Post("/v2/models/zz/infer", "{}", "application/json")->status, 404);
        QCOMPARE(c->Post("/v2/models/bc/versions/9/infer", "{}", "application/json")->status, 404);
        auto big = c->Post("/v2/models/bc/infer", std::string(10 << 20, ' '), "application/json");
        if (big) { // the server may close before the client has sent everything
            QCOMPARE(big->status, 413);
            QVERIFY(errorOf(big).contains("error"));
        }
        httplib::Headers many;
        for (int i = 0; i < 40; ++i)
            many.emplace("X-Pad-" + std::to_string(i), std::string(200, 'x'));
        auto headers = c->Get("/v2/health/live", many);
        QCOMPARE(headers->status, 431);
        // Still serving after all that.
        QCOMPARE(c->Post("/v2/models/bc/infer", test::inferBody(test::breastCancerRows(1)),
                         "application/json")
                     ->status,
                 200);
    }

    void idleConnectionIsClosed()
    {
        test::ServingFixture fx;
        serving::ServerOptions o;
        o.idleTimeout = std::chrono::milliseconds(300);
        fx.start(o);
        const int fd = connectTo(fx.server->port());
        const std::string req = "GET /v2/health/live HTTP/1.1\r\nHost: x\r\n\r\n";
        QCOMPARE(::send(fd, req.data(), req.size(), MSG_NOSIGNAL), ssize_t(req.size()));
        const auto [text, closed] = readAll(fd, 10); // answered, then closed when idle
        ::close(fd);
        QVERIFY2(text.rfind("HTTP/1.1 200", 0) == 0, text.c_str());
        QVERIFY(closed);
    }

    void slowClientIsCutOff()
    {
        test::ServingFixture fx;
        serving::ServerOptions o;
        o.requestTimeout = std::chrono::milliseconds(800);
        fx.start(o);
        const int fd = connectTo(fx.server->port());
        QVERIFY(fd >= 0);
        const std::string head = "POST /v2/models/bc/infer HTTP/1.1\r\nHost: x\r\nX-Slow: ";
        bool closed = false;
        const auto start = std::chrono::steady_clock::now();
        for (std::size_t i = 0; i < 200 && !closed; ++i) {
            // One byte every 100 ms: each read is quick, the request never completes.
            if (::send(fd, head.data() + (i % head.size()), 1, MSG_NOSIGNAL) != 1)
                closed = true;
            else
                closed = readAll(fd, 0).second;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        ::close(fd);
        QVERIFY2(closed, "a slowloris client kept its connection for 20 s");
        QVERIFY(std::chrono::steady_clock::now() - start < std::chrono::seconds(15));
        QCOMPARE(fx.client()->Get("/v2/health/live")->status, 200);
    }

    void connectionLimitRefusesWith503()
    {
        test::ServingFixture fx;
        serving::ServerOptions o;
        o.maxConnections = 8;
        fx.start(o);
        std::vector<int> held;
        for (int i = 0; i < 8; ++i) {
            held.push_back(connectTo(fx.server->port()));
            QVERIFY(held.back() >= 0);
        }
        // Wait until the server has taken all eight (each holds a thread).
        QTRY_VERIFY(fx.server->metricsText().find("modeldeck_http_connections 8")
                    != std::string::npos);
        // The refused client sends its request at once: it still reads the
        // 503 (the server lingers instead of resetting the connection).
        const int extra = connectTo(fx.server->port());
        QVERIFY(sendText(extra, "GET /v2/health/live HTTP/1.1\r\nHost: x\r\n\r\n"));
        const auto [text, closed] = readAll(extra, 10);
        ::close(extra);
        QVERIFY2(text.rfind("HTTP/1.1 503", 0) == 0, text.c_str());
        QVERIFY(closed);
        for (int fd : held)
            ::close(fd);
        QTRY_VERIFY(fx.server->metricsText().find("modeldeck_http_connections 0")
                    != std::string::npos);
        QCOMPARE(fx.client()->Get("/v2/health/live")->status, 200);
    }

    // HTTP/1.1 as clients other than our own send it: pipelined requests,
    // chunked bodies, "Expect: 100-continue", HTTP/1.0, and wrong methods.
    void http11OverRawSockets()
    {
        test::ServingFixture fx;
        fx.start();
        const std::string body = test::inferBody(test::breastCancerRows(1), "raw-1");
        const int fd = connectTo(fx.server->port());
        QVERIFY(fd >= 0);
        // Two requests in one packet: answered in order.
        QVERIFY(sendText(fd,
                         "GET /v2/health/live HTTP/1.1\r\nHost: x\r\n\r\n"
                         "POST /v2/models/bc/infer HTTP/1.1\r\nHost: x\r\nContent-Length: "
                             + std::to_string(body.size()) + "\r\n\r\n" + body));
        auto two = readResponses(fd, 2, 10);
        QCOMPARE(two.size(), std::size_t(2));
        QVERIFY2(two[0].rfind("HTTP/1.1 200", 0) == 0
                     && two[0].find("{\"live\":true}") != std::string::npos,
                 two[0].c_str());
        QVERIFY2(two[1].rfind("HTTP/1.1 200", 0) == 0
                     && two[1].find("\"raw-1\"") != std::string::npos,
                 two[1].c_str());
        // A chunked body, split in three chunks.
        const std::size_t third = body.size() / 3;
        std::string chunked = "POST /v2/models/bc/infer HTTP/1.1\r\nHost: x\r\n"
                              "Transfer-Encoding: chunked\r\n\r\n";
        for (std::size_t at = 0; at < body.size(); at += third) {
            const std::string part = body.substr(at, third);
            char size[16];
            std::snprintf(size, sizeof size, "%zx", part.size());
            chunked += std::string(size) + "\r\n" + part + "\r\n";
        }
        QVERIFY(sendText(fd, chunked + "0\r\n\r\n"));
        auto one = readResponses(fd, 1, 10);
        QCOMPARE(one.size(), std::size_t(1));
        QVERIFY2(one[0].rfind("HTTP/1.1 200", 0) == 0, one[0].c_str());
        // Expect: 100-continue gets its interim answer before the body is sent.
        QVERIFY(sendText(fd,
                         "POST /v2/models/bc/infer HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                         "Content-Length: "
                             + std::to_string(body.size()) + "\r\n\r\n"));
        auto interim = readResponses(fd, 1, 10);
        QCOMPARE(interim.size(), std::size_t(1));
        QVERIFY2(interim[0] == "HTTP/1.1 100 Continue\r\n\r\n", interim[0].c_str());
        QVERIFY(sendText(fd, body));
        one = readResponses(fd, 1, 10);
        QCOMPARE(one.size(), std::size_t(1));
        QVERIFY2(one[0].rfind("HTTP/1.1 200", 0) == 0, one[0].c_str());
        // A wrong method is 405 with Allow, and the connection stays usable.
        QVERIFY(sendText(fd, "GET /v2/models/bc/infer HTTP/1.1\r\nHost: x\r\n\r\n"));
        one = readResponses(fd, 1, 10);
        QCOMPARE(one.size(), std::size_t(1));
        QVERIFY2(one[0].rfind("HTTP/1.1 405", 0) == 0
                     && one[0].find("Allow: POST") != std::string::npos,
                 one[0].c_str());
        // HTTP/1.0 without keep-alive: answered, then closed.
        QVERIFY(sendText(fd, "GET /v2/health/ready HTTP/1.0\r\n\r\n"));
        const auto [text, closed] = readAll(fd, 10);
        ::close(fd);
        QVERIFY2(text.rfind("HTTP/1.1 200", 0) == 0
                     && text.find("Connection: close") != std::string::npos,
                 text.c_str());
        QVERIFY(closed);
    }

    // A client that sends its requests and half-closes gets every answer;
    // HTTP/1.0 keep-alive is confirmed; empty lines between requests are ignored.
    void halfCloseKeepAliveAndStrayLines()
    {
        test::ServingFixture fx;
        fx.start();
        const std::string body = test::inferBody(test::breastCancerRows(1));
        int fd = connectTo(fx.server->port());
        QVERIFY(sendText(fd,
                         "POST /v2/models/bc/infer HTTP/1.1\r\nContent-Length: "
                             + std::to_string(body.size()) + "\r\n\r\n" + body
                             + "\r\n\r\nGET /v2/health/live HTTP/1.1\r\n\r\n"));
        ::shutdown(fd, SHUT_WR);
        auto [text, closed] = readAll(fd, 10);
        ::close(fd);
        QVERIFY(closed);
        QVERIFY2(text.rfind("HTTP/1.1 200", 0) == 0, text.c_str());
        QVERIFY2(text.find("{\"live\":true}") != std::string::npos, text.c_str());

        fd = connectTo(fx.server->port());
        QVERIFY(sendText(fd, "GET /v2/health/live HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
        auto one = readResponses(fd, 1, 10);
        QCOMPARE(one.size(), std::size_t(1));
        QVERIFY2(one[0].find("Connection: keep-alive") != std::string::npos, one[0].c_str());
        QVERIFY(sendText(fd, "GET /v2/health/live HTTP/1.0\r\n\r\n")); // same connection
        std::tie(text, closed) = readAll(fd, 10);
        ::close(fd);
        QVERIFY2(text.rfind("HTTP/1.1 200", 0) == 0, text.c_str());
        QVERIFY(closed);
    }

    void hostileRawRequests_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addRow("garbage") << QByteArray("\x01\x02\x03\r\n\r\n");
        QTest::addRow("bad content length")
            << QByteArray("POST /v2/models/bc/infer HTTP/1.1\r\nContent-Length: -5\r\n\r\n");
        QTest::addRow("huge content length") << QByteArray(
            "POST /v2/models/bc/infer HTTP/1.1\r\nContent-Length: 99999999999999\r\n\r\n");
        QTest::addRow("truncated body")
            << QByteArray("POST /v2/models/bc/infer HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"in");
        QTest::addRow("long request line")
            << "GET /" + QByteArray(100000, 'a') + " HTTP/1.1\r\n\r\n";
        QTest::addRow("chunked garbage") << QByteArray(
            "POST /v2/models/bc/infer HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    }
    void hostileRawRequests()
    {
        QFETCH(QByteArray, raw);
        static test::ServingFixture *fx = nullptr;
        if (!fx) {
            fx = new test::ServingFixture; // one server for all rows; lives until exit
            serving::ServerOptions o;
            o.requestTimeout = std::chrono::milliseconds(1000);
            fx->start(o);
        }
        const int fd = connectTo(fx->server->port());
        ::send(fd, raw.constData(), static_cast<std::size_t>(raw.size()), MSG_NOSIGNAL);
        const auto [text, closed] = readAll(fd, 10);
        ::close(fd);
        QVERIFY(closed);
        QVERIFY(text.empty() || text.rfind("HTTP/1.1 4", 0) == 0
                || text.rfind("HTTP/1.1 5", 0) == 0);
        QCOMPARE(fx->client()->Get("/v2/health/live")->status, 200);
    }

    void predictionLogAndFeedback()
    {
        test::ServingFixture fx;
        serving::ServerOptions o;
        o.logDatabasePath = fx.dbPath();
        fx.start(o);
        auto c = fx.client();
        QCOMPARE(c->Post("/v2/models/bc/infer", test::inferBody(test::breastCancerRows(3), "fb-1"),
                         "application/json")
                     ->status,
                 200);
        // JSON whitespace around every comma: the row is logged without it.
        std::string spaced;
        for (const char ch : test::inferBody(test::breastCancerRows(1), "fb-ws"))
            spaced += ch == ',' ? std::string(" ,\r\n\t ") : std::string(1, ch);
        QCOMPARE(c->Post("/v2/models/bc/infer", spaced, "application/json")->status, 200);
        auto fb = c->Post("/v2/models/bc/feedback",
                          R"({"id":"fb-1","labels":["benign","malignant",1]})", "application/json");
        QCOMPARE(fb->status, 200);
        QCOMPARE(Json::parse(fb->body)["written"].get<int>(), 3);
        QCOMPARE(c->Post("/v2/models/bc/feedback",
                         R"({"feedback":[{"id":"fb-1","row":-1,"label":"x"}]})", "application/json")
                     ->status,
                 400);
        QCOMPARE(c->Post("/v2/models/bc/feedback", R"({"labels":[1]})", "application/json")->status,
                 400);
        QCOMPARE(c->Post("/v2/models/zz/feedback", R"({"id":"a","labels":[1]})", "application/json")
                     ->status,
                 404);
        fx.server->stop(); // drains the log
        auto &db = fx.scratch.ws->db();
        MDECK_VERIFY_OK(test::copyPredictionsToTemp(db));
        auto tx = db.beginRead();
        auto st = db.prepare("SELECT row, role, inputs, outputs, deployment FROM predictions "
                             "WHERE request_id = 'fb-1' ORDER BY row");
        int n = 0;
        while (st->step().value()) {
            QCOMPARE(st->int64(0), std::int64_t(n));
            QCOMPARE(st->text(1), std::string("stable"));
            QCOMPARE(Json::parse(st->text(2)).size(), std::size_t(30));
            QCOMPARE(Json::parse(st->text(3)).size(), std::size_t(2));
            QCOMPARE(st->text(4), std::string("bc"));
            ++n;
        }
        QCOMPARE(n, 3);
        auto ws = db.prepare("SELECT inputs, outputs FROM predictions WHERE request_id = 'fb-ws'");
        QVERIFY(ws->step().value());
        const std::string inputs = ws->text(0);
        QVERIFY2(inputs.find_first_of(" \r\n\t") == std::string::npos, inputs.c_str());
        const Json values = Json::parse(inputs);
        const auto sent = test::breastCancerRows(1).at(0);
        QCOMPARE(values.size(), sent.size());
        for (std::size_t i = 0; i < sent.size(); ++i)
            QCOMPARE(values[i].get<double>(), sent[i]);
        QCOMPARE(Json::parse(ws->text(1)).size(), std::size_t(2));
        auto f = db.prepare("SELECT label FROM feedback WHERE request_id = 'fb-1' AND row = 2");
        QVERIFY(f->step().value());
        QCOMPARE(f->text(0), std::string("1"));
    }

    void tokensGuardInference()
    {
        test::ServingFixture fx;
        serving::ServerOptions o;
        o.authenticate = [](const std::string &token) -> Result<auth::Actor> {
            if (token == "mdk_good")
                return auth::Actor{1, "viewer", auth::Role::Viewer, true, "token"};
            return Error(ErrorCode::Unauthenticated, "the API token is not valid");
        };
        fx.start(o);
        auto c = fx.client();
        const std::string body = test::inferBody(test::breastCancerRows(1));
        QCOMPARE(c->Post("/v2/models/bc/infer", body, "application/json")->status, 401);
        QCOMPARE(c->Post("/v2/models/bc/infer", {{"Authorization", "Bearer mdk_bad"}}, body,
                         "application/json")
                     ->status,
                 401);
        QCOMPARE(c->Post("/v2/models/bc/infer", {{"Authorization", "Bearer mdk_good"}}, body,
                         "application/json")
                     ->status,
                 200);
        QCOMPARE(c->Get("/v2/health/ready")->status, 200); // health stays open for probes
    }

    void canarySplitsByIdAndCompares()
    {
        test::ServingFixture fx;
        serving::Route r = test::ServingFixture::route(1);
        r.candidateVersion = 2;
        r.mode = serving::Route::CandidateMode::Canary;
        r.canaryPercent = 30;
        const auto since = nowMillis() - 1;
        fx.start({}, {r});
        auto c = fx.client();
        const auto rows = test::breastCancerRows(1);
        int canary = 0;
        for (int i = 0; i < 100; ++i) {
            const std::string id = "user-" + std::to_string(i);
            const auto v1 = Json::parse(
                c->Post("/v2/models/bc/infer", test::inferBody(rows, id), "application/json")
                    ->body)["model_version"];
            const auto v2 = Json::parse(
                c->Post("/v2/models/bc/infer", test::inferBody(rows, id), "application/json")
                    ->body)["model_version"];
            QCOMPARE(v1, v2); // the same id always lands on the same version
            canary += v1 == "2" ? 1 : 0;
        }
        QVERIFY2(canary > 10 && canary < 55, std::to_string(canary).c_str());
        QTRY_COMPARE(fx.server->stats("bc", 2, serving::Role::Canary, since).compared,
                     std::uint64_t(2 * canary));
        const auto w = fx.server->stats("bc", 2, since);
        QCOMPARE(w.requests, std::uint64_t(2 * canary));
        QCOMPARE(w.disagreed, std::uint64_t(0)); // the same network
        QCOMPARE(w.errors, std::uint64_t(0));
    }

    void shadowGetsCopiesNeverReturned()
    {
        test::ServingFixture fx;
        serving::Route r = test::ServingFixture::route(1);
        r.candidateVersion = 2;
        r.mode = serving::Route::CandidateMode::Shadow;
        serving::ServerOptions o;
        o.logDatabasePath = fx.dbPath();
        const auto since = nowMillis() - 1;
        fx.start(o, {r});
        auto c = fx.client();
        for (int i = 0; i < 20; ++i) {
            auto res = c->Post("/v2/models/bc/infer", test::inferBody(test::breastCancerRows(2)),
                               "application/json");
            QCOMPARE(Json::parse(res->body)["model_version"].get<std::string>(), std::string("1"));
        }
        QTRY_COMPARE(fx.server->stats("bc", 2, serving::Role::Shadow, since).requests,
                     std::uint64_t(20));
        fx.server->stop();
        auto &db = fx.scratch.ws->db();
        MDECK_VERIFY_OK(test::copyPredictionsToTemp(db));
        auto tx = db.beginRead();
        auto st = db.prepare("SELECT role, COUNT(*) FROM predictions GROUP BY role ORDER BY role");
        QVERIFY(st->step().value());
        QCOMPARE(st->text(0), std::string("shadow"));
        QCOMPARE(st->int64(1), std::int64_t(40));
        QVERIFY(st->step().value());
        QCOMPARE(st->text(0), std::string("stable"));
        QCOMPARE(st->int64(1), std::int64_t(40));
    }

    void metricsEndpointPassesPromtool()
    {
        test::ServingFixture fx;
        serving::ServerOptions o;
        o.logDatabasePath = fx.dbPath();
        fx.start(o);
        auto c = fx.client();
        c->Post("/v2/models/bc/infer", test::inferBody(test::breastCancerRows(2)),
                "application/json");
        c->Post("/v2/models/bc/infer", "{", "application/json");
        c->Get("/v2/models/none");
        auto res = c->Get("/metrics");
        QCOMPARE(res->status, 200);
        QVERIFY(res->get_header_value("Content-Type").rfind("text/plain; version=0.0.4", 0) == 0);
        QVERIFY(res->body.find("modeldeck_inference_requests_total{deployment=\"bc\",version=\"1\","
                               "role=\"stable\",code=\"400\"} 1")
                != std::string::npos);
        QVERIFY(res->body.find("modeldeck_prediction_log_queue_rows") != std::string::npos);
        const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
        if (promtool.isEmpty())
            QSKIP("promtool is not installed (Debian package prometheus)");
        QProcess p;
        p.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
        QVERIFY(p.waitForStarted());
        p.write(QByteArray::fromStdString(res->body));
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(30000));
        QVERIFY2(p.exitCode() == 0,
                 (p.readAllStandardOutput() + p.readAllStandardError()).constData());
    }

    void tlsServes()
    {
        const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        if (openssl.isEmpty())
            QSKIP("the openssl command is not installed");
        test::ServingFixture fx;
        const QString cert = QString::fromStdString(fx.scratch.path("cert.pem"));
        const QString key = QString::fromStdString(fx.scratch.path("key.pem"));
        QProcess p;
        p.start(openssl,
                {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                 QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                 key, QStringLiteral("-out"), cert, QStringLiteral("-days"), QStringLiteral("1"),
                 QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1")});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        serving::ServerOptions o;
        o.tlsCertificate = cert.toStdString();
        o.tlsPrivateKey = key.toStdString();
        o.requestTimeout = std::chrono::milliseconds(800);
        fx.start(o);
        QVERIFY(fx.server->url().rfind("https://", 0) == 0);
        httplib::SSLClient c("127.0.0.1", fx.server->port());
        c.enable_server_certificate_verification(false);
        c.set_keep_alive(true);
        // Several requests on one TLS connection, one of them large.
        for (const std::size_t rows : {1, 500, 1}) {
            auto res = c.Post("/v2/models/bc/infer", test::inferBody(test::breastCancerRows(rows)),
                              "application/json");
            QVERIFY(res);
            QCOMPARE(res->status, 200);
            QCOMPARE(Json::parse(res->body)["outputs"][0]["shape"][0].get<std::size_t>(), rows);
        }
        QVERIFY(fx.server->metricsText().find("modeldeck_http_connections 1") != std::string::npos);
        // A client that connects and never completes the handshake is cut off.
        const int fd = connectTo(fx.server->port());
        QVERIFY(sendText(fd, std::string("\x16\x03\x01", 3)));
        const auto [text, closed] = readAll(fd, 10);
        ::close(fd);
        QVERIFY(closed);
        // Plain HTTP on the TLS port is a failed handshake, not a crash.
        const int plain = connectTo(fx.server->port());
        QVERIFY(sendText(plain, "GET /v2/health/live HTTP/1.1\r\n\r\n"));
        QVERIFY(readAll(plain, 10).second);
        ::close(plain);
        auto again = c.Get("/v2/health/live");
        QVERIFY(again);
        QCOMPARE(again->status, 200);
        // A key given as the certificate is refused with a sentence naming the file.
        serving::ServerOptions bad;
        bad.tlsCertificate = key.toStdString();
        bad.tlsPrivateKey = key.toStdString();
        serving::Server s(*fx.registry, bad);
        const auto started = s.start();
        QVERIFY(!started.ok());
        QVERIFY2(started.error().message.find(key.toStdString()) != std::string::npos,
                 started.error().message.c_str());
    }
};

QTEST_GUILESS_MAIN(tst_Server)
#include "tst_server.moc"
