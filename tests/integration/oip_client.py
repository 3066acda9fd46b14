#!/usr/bin/python3
"""A plain Open Inference Protocol client: only the protocol's JSON, urllib and
the standard library. Used by tst_cli_serve.

  oip_client.py predict URL DEPLOYMENT CSV ROWS [TOKEN]
      prints {"ids": [...], "probabilities": [[...], ...], "labels": [...]}
      for the first ROWS rows of CSV (features = every column but "target"),
      one request per row, after checking health and metadata.
  oip_client.py load URL DEPLOYMENT CSV SECONDS THREADS
      sends one-row requests from THREADS threads until SECONDS pass (or the
      server goes away); prints {"ok": n, "failed": n}.
  oip_client.py ids URL DEPLOYMENT CSV ID...
      sends the first row of CSV once per ID, as that request id.
"""
import csv
import json
import sys
import threading
import time
import urllib.error
import urllib.request


def call(url, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method="POST" if data else "GET")
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=30) as r:
        text = r.read()
        return r.status, json.loads(text) if text else None


def rows_of(path, n):
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        names = [c for c in reader.fieldnames if c != "target"]
        rows = []
        for record in reader:
            rows.append([float(record[c]) for c in names])
            if len(rows) == n:
                break
    return names, rows


def request(meta, row, rid):
    spec = meta["inputs"][0]
    return {"id": rid,
            "inputs": [{"name": spec["name"], "datatype": spec["datatype"],
                        "shape": [1, len(row)], "data": row}]}


def predict(base, deployment, path, n, token):
    status, _ = call(base + "/v2/health/ready")
    assert status == 200
    status, meta = call(base + "/v2/models/" + deployment)
    assert status == 200 and meta["name"] == deployment, meta
    _, rows = rows_of(path, n)
    out = {"ids": [], "probabilities": [], "labels": []}
    for i, row in enumerate(rows):
        rid = "py-%d" % i
        status, resp = call(base + "/v2/models/%s/infer" % deployment,
                            request(meta, row, rid), token)
        assert status == 200 and resp["id"] == rid, resp
        outputs = {o["name"]: o for o in resp["outputs"]}
        main = meta["outputs"][0]["name"]
        out["ids"].append(rid)
        out["probabilities"].append(outputs[main]["data"])
        out["labels"].append(outputs["label"]["data"][0])
    print(json.dumps(out))


def load(base, deployment, path, seconds, threads):
    _, meta = call(base + "/v2/models/" + deployment)
    _, rows = rows_of(path, 50)
    counts = {"ok": 0, "failed": 0}
    lock = threading.Lock()
    end = time.time() + seconds

    def worker(k):
        i = 0
        while time.time() < end:
            try:
                call(base + "/v2/models/%s/infer" % deployment,
                     request(meta, rows[(k + i) % len(rows)], "load-%d-%d" % (k, i)))
                key = "ok"
            except (urllib.error.URLError, OSError, ConnectionError):
                key = "failed"
                time.sleep(0.05)
            with lock:
                counts[key] += 1
            i += 1

    ts = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    print(json.dumps(counts))


def ids(base, deployment, path, rids):
    _, meta = call(base + "/v2/models/" + deployment)
    _, rows = rows_of(path, 1)
    for rid in rids:
        status, resp = call(base + "/v2/models/%s/infer" % deployment,
                            request(meta, rows[0], rid))
        assert status == 200 and resp["id"] == rid, resp


if __name__ == "__main__":
    if sys.argv[1] == "ids":
        ids(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
    elif sys.argv[1] == "predict":
        predict(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]),
                sys.argv[6] if len(sys.argv) > 6 else None)
    else:
        load(sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]), int(sys.argv[6]))
