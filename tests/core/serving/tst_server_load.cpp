#include "serving_fixture.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

using namespace mdeck;

namespace {

double gauge(const serving::Server &s, const std::string &name)
{
    const std::string text = s.metricsText();
    const auto at = text.find("\n" + name + " ");
    return at == std::string::npos ? -1 : std::stod(text.substr(at + name.size() + 2));
}

} // namespace

// The server under load: versions swapped and rolled back while clients keep
// sending, and far more connections than it accepts. Counts, never timings.
class tst_ServerLoad : public QObject
{
    Q_OBJECT

    struct Load
    {
        std::atomic<bool> stop{false};
        std::atomic<int> ok{0}, failed{0};
        std::atomic<int> seen[3] = {0, 0, 0}; // answers per model_version
        std::vector<std::thread> threads;
        std::string lastFailure;
        std::mutex mutex;

        void start(int port, int clients)
        {
            for (int t = 0; t < clients; ++t)
                threads.emplace_back([this, port, t] {
                    httplib::Client c("127.0.0.1", port);
                    c.set_read_timeout(30, 0);
                    const std::string body = test::inferBody(test::breastCancerRows(1 + t % 3));
                    while (!stop) {
                        auto res = c.Post("/v2/models/bc/infer", body, "application/json");
                        if (res && res->status == 200) {
                            ++ok;
                            const auto v = Json::parse(res->body)["model_version"].get<std::string>();
                            ++seen[std::stoi(v) % 3];
                        } else {
                            ++failed;
                            const std::lock_guard lock(mutex);
                            lastFailure = res ? std::to_string(res->status) + " " + res->body
                                              : httplib::to_string(res.error());
                        }
                    }
                });
        }
        void finish()
        {
            stop = true;
            for (auto &t : threads)
                t.join();
        }
    };

private Q_SLOTS:
    void hotSwapUnderLoadLosesNothing()
    {
        test::ServingFixture fx;
        fx.start();
        Load load;
        load.start(fx.server->port(), 6);
        QTRY_VERIFY(load.ok > 50);
        for (int round = 0; round < 6; ++round) {
            const int version = round % 2 == 0 ? 2 : 1;
            MDECK_VERIFY_OK(fx.server->applyRoutes({test::ServingFixture::route(version)}));
            const int before = load.seen[version];
            QTRY_VERIFY(load.seen[version] > before + 20);
        }
        load.finish();
        QVERIFY2(load.failed == 0, load.lastFailure.c_str());
        QVERIFY(load.seen[1] > 0 && load.seen[2] > 0);
    }

    void rollbackUnderLoadLosesNothing()
    {
        test::ServingFixture fx;
        serving::Route canary = test::ServingFixture::route(1);
        canary.candidateVersion = 2;
        canary.mode = serving::Route::CandidateMode::Canary;
        canary.canaryPercent = 50;
        fx.start({}, {canary});
        Load load;
        load.start(fx.server->port(), 6);
        QTRY_VERIFY(load.seen[2] > 30 && load.seen[1] > 30);
        // Rollback: the candidate is removed while requests keep coming.
        MDECK_VERIFY_OK(fx.server->applyRoutes({test::ServingFixture::route(1)}));
        const int after = load.seen[2];
        const int stableBefore = load.seen[1];
        QTRY_VERIFY(load.seen[1] > stableBefore + 100);
        load.finish();
        QVERIFY2(load.failed == 0, load.lastFailure.c_str());
        QVERIFY(load.seen[2] <= after + 6); // at most the requests already in flight
    }

    void routeSourceIsPolled()
    {
        test::ServingFixture fx;
        fx.start();
        std::atomic<int> version{1};
        fx.server->setRouteSource([&]() -> Result<std::vector<serving::Route>> {
            return std::vector<serving::Route>{test::ServingFixture::route(version)};
        });
        auto c = fx.client();
        version = 2;
        QTRY_COMPARE(Json::parse(c->Post("/v2/models/bc/infer",
                                         test::inferBody(test::breastCancerRows(1)),
                                         "application/json")
                                     ->body)["model_version"]
                         .get<std::string>(),
                     std::string("2"));
    }

    void fiveHundredConnectionsStayBounded()
    {
        test::ServingFixture fx;
        serving::ServerOptions o;
        o.maxConnections = 64;
        o.idleTimeout = std::chrono::seconds(60);
        fx.start(o);
        std::vector<int> fds;
        for (int i = 0; i < 500; ++i) {
            const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in a{};
            a.sin_family = AF_INET;
            a.sin_port = htons(static_cast<std::uint16_t>(fx.server->port()));
            a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            if (::connect(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0)
                fds.push_back(fd);
            else
                ::close(fd);
        }
        QVERIFY(fds.size() > 64);
        QTRY_VERIFY(gauge(*fx.server, "modeldeck_http_refused_connections_total") > 0);
        QVERIFY(gauge(*fx.server, "modeldeck_http_connections") <= 64);
        for (int fd : fds)
            ::close(fd);
        QTRY_COMPARE_WITH_TIMEOUT(gauge(*fx.server, "modeldeck_http_connections"), 0.0, 15000);
        auto c = fx.client();
        QCOMPARE(c->Post("/v2/models/bc/infer", test::inferBody(test::breastCancerRows(1)),
                         "application/json")
                     ->status,
                 200);
    }
};

QTEST_GUILESS_MAIN(tst_ServerLoad)
#include "tst_server_load.moc"
