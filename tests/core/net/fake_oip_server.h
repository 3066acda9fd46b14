#pragma once

// An Open Inference Protocol server for the probe tests, on a LocalServer:
// one model "iris" (FP32 [-1, 4] in, FP32 [-1, 3] out). With no faults it
// follows the protocol; each Fault breaks it in one named way.

#include "local_server.h"

#include <nlohmann/json.hpp>

#include <atomic>

namespace mdeck::test {

struct OipFaults
{
    bool readyIs500 = false;          // /v2/health/ready answers 500
    bool slowServerMetadata = false;  // /v2 answers after 3 s
    bool wrongModelMetadata = false;  // no platform, datatype "FLOAT32"
    bool plainTextErrors = false;     // 400 "bad request" in text/plain
    bool unknownModelIs500 = false;   // unknown model answers 500 {"error"}
    bool inferDropsIdAndData = false; // no id echoed, too few output values
    int inferFailEvery = 0;           // every Nth inference answers 500
};

class FakeOipServer
{
public:
    explicit FakeOipServer(OipFaults faults = {})
        : m_faults(faults)
    {
        using nlohmann::json;
        auto &s = m_server.server();
        auto error = [this](httplib::Response &res, int status, const std::string &message) {
            res.status = status;
            if (m_faults.plainTextErrors && status == 400)
                res.set_content("bad request", "text/plain");
            else
                res.set_content(json{{"error", message}}.dump(), "application/json");
        };
        s.Get("/v2/health/live",
              [](const httplib::Request &, httplib::Response &res) { res.status = 200; });
        s.Get("/v2/health/ready", [this](const httplib::Request &, httplib::Response &res) {
            res.status = m_faults.readyIs500 ? 500 : 200;
        });
        s.Get("/v2", [this](const httplib::Request &, httplib::Response &res) {
            if (m_faults.slowServerMetadata)
                m_server.waitReleased(3000);
            res.set_content(json{{"name", "fake"}, {"version", "1.0"}, {"extensions", json::array()}}
                                .dump(),
                            "application/json");
        });
        s.Post("/v2/repository/index", [](const httplib::Request &, httplib::Response &res) {
            res.set_content(json::array({{{"name", "iris"}, {"state", "READY"}}}).dump(),
                            "application/json");
        });
        s.Get("/v2/models/iris/ready",
              [](const httplib::Request &, httplib::Response &res) { res.status = 200; });
        s.Get("/v2/models/iris", [this](const httplib::Request &, httplib::Response &res) {
            json in{{"name", "x"}, {"datatype", "FP32"}, {"shape", {-1, 4}}};
            json meta{{"name", "iris"},
                      {"versions", {"1"}},
                      {"platform", "pytorch_torchscript"},
                      {"inputs", {in}},
                      {"outputs", {{{"name", "y"}, {"datatype", "FP32"}, {"shape", {-1, 3}}}}}};
            if (m_faults.wrongModelMetadata) {
                meta.erase("platform");
                meta["inputs"][0]["datatype"] = "FLOAT32";
            }
            res.set_content(meta.dump(), "application/json");
        });
        s.Get(R"(/v2/models/([^/]+))",
              [this, error](const httplib::Request &req, httplib::Response &res) {
                  error(res, m_faults.unknownModelIs500 ? 500 : 404,
                        "unknown model '" + req.matches[1].str() + "'");
              });
        s.Post("/v2/models/iris/infer",
               [this, error](const httplib::Request &req, httplib::Response &res) {
                   ++m_inferCalls;
                   if (m_faults.inferFailEvery > 0 && m_inferCalls % m_faults.inferFailEvery == 0)
                       return error(res, 500, "model crashed");
                   json body;
                   try {
                       body = json::parse(req.body);
                   } catch (const std::exception &e) {
                       return error(res, 400, std::string("malformed JSON: ") + e.what());
                   }
                   if (!body.is_object() || !body.contains("inputs") || !body["inputs"].is_array()
                       || body["inputs"].size() != 1)
                       return error(res, 400, "expected one input");
                   const json &x = body["inputs"][0];
                   if (!x.contains("shape") || !x["shape"].is_array() || x["shape"].size() != 2
                       || !x.contains("data") || !x["data"].is_array())
                       return error(res, 400, "input x needs shape [rows, 4] and data");
                   const auto rows = x["shape"][0].get<long>();
                   if (x["shape"][1].get<long>() != 4
                       || static_cast<long>(x["data"].size()) != rows * 4)
                       return error(res, 400, "the data of x does not match its shape");
                   json out{{"name", "y"},
                            {"datatype", "FP32"},
                            {"shape", {rows, 3}},
                            {"data", json(static_cast<std::size_t>(rows * 3), 0.25)}};
                   json answer{{"model_name", "iris"}, {"outputs", {out}}};
                   if (body.contains("id"))
                       answer["id"] = body["id"];
                   if (m_faults.inferDropsIdAndData) {
                       answer.erase("id");
                       answer["outputs"][0]["data"] = json::array({0.5});
                   }
                   res.set_content(answer.dump(), "application/json");
               });
        m_server.start();
    }

    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_server.port()); }
    int inferCalls() const { return m_inferCalls.load(); }
    LocalServer &local() { return m_server; }

private:
    OipFaults m_faults;
    std::atomic<int> m_inferCalls{0};
    LocalServer m_server; // last: stopped first, while the handlers' state still lives
};

} // namespace mdeck::test
