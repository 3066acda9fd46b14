#!/usr/bin/env bash
# Serving throughput and latency with wrk on 127.0.0.1, one row per request:
#  (a) mdeck serve (defaults; and with batching off) against a one-worker
#      FastAPI + uvicorn + PyTorch peer, the breast-cancer TorchScript model,
#      32 connections;
#  (b) a minimal epoll C server answering a constant: the machine's floor;
#  (c) the prediction log on against --no-log: BENCH_PAIRS (default 5) pairs
#      of SECONDS runs on fresh servers (a burst no longer than --log-max-lag,
#      10 s, while loading into SQLite waits for idle cores) with how long the
#      table then takes to hold every row, and BENCH_SUSTAINED_PAIRS (default
#      3) pairs of SUSTAINED_SECONDS (default 40) runs, where loading keeps the
#      table within the lag and so competes with requests;
#  (d) a 30-512-512-2 MLP at 64 connections, batching against none.
# Each figure is the median of BENCH_REPEAT (default 3) wrk runs.
# wrk and the server under test (ours, the peer, the floor alike) run on
# cores of their own, as they would on two machines: wrk on the last quarter
# of the cores this script may use (at least one), the server on the rest;
# BENCH_SERVER_CPUS / BENCH_CLIENT_CPUS (taskset lists) override that.
# Sharing cores, the scheduler's preemptions between wrk and the server made
# most of the tail latency, and wrk's own share diluted every ratio.
# Usage: bench/serving/run.sh BUILD_DIR [SECONDS]   (needs wrk, Debian package)
# BENCH_PARTS=cd runs only parts (c) and (d).
set -euo pipefail
build="${1:-build}"
secs="${2:-10}"
repeat="${BENCH_REPEAT:-3}" # wrk runs per figure; the median is reported
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mdeck="$build/app/mdeck/mdeck"
command -v wrk >/dev/null || { echo "run.sh: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
[[ -x "$mdeck" ]] || { echo "run.sh: $mdeck is not built" >&2; exit 1; }

# The cores: wrk gets the last quarter (at least one), the server the rest.
mapfile -t cpus < <(/usr/bin/python3 -c 'import os; print(*sorted(os.sched_getaffinity(0)), sep="\n")')
if ((${#cpus[@]} >= 2)); then
    nclient=$(((${#cpus[@]} + 3) / 4))
    nserver=$((${#cpus[@]} - nclient))
    server_cpus="${BENCH_SERVER_CPUS:-$(IFS=,; echo "${cpus[*]:0:nserver}")}"
    client_cpus="${BENCH_CLIENT_CPUS:-$(IFS=,; echo "${cpus[*]:nserver}")}"
    # taskset execs the command, so $! stays the server's own pid.
    on_server=(taskset -c "$server_cpus")
    on_client=(taskset -c "$client_cpus")
    placement="server on CPU $server_cpus, wrk on CPU $client_cpus"
else
    on_server=()
    on_client=()
    placement="one core: server and wrk share it"
fi

scratch="$(mktemp -d "${BENCH_DIR:-/tmp}/serving.XXXXXX")"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$scratch"
}
trap cleanup EXIT

ws="$scratch/ws"
"$mdeck" init "$ws" >/dev/null
"$mdeck" --workspace "$ws" model register bc --artifact "$root/tests/data/models/breast_cancer_mlp.torchscript.pt" \
    --signature "$root/tests/data/models/breast_cancer_mlp.signature.json" >/dev/null
/usr/bin/python3 "$here/make_mlp.py" "$scratch"
"$mdeck" --workspace "$ws" model register mlp512 --artifact "$scratch/mlp512.pt" \
    --signature "$scratch/mlp512.signature.json" >/dev/null
/usr/bin/python3 - "$root/tests/data/breast_cancer.csv" "$scratch/body.json" <<'PY'
import csv, json, sys
r = next(csv.DictReader(open(sys.argv[1])))
row = [float(v) for k, v in r.items() if k != "target"]
json.dump({"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 30], "data": row}]},
          open(sys.argv[2], "w"))
PY

# Starts `mdeck serve ARGS`; sets $url.
serve() {
    "${on_server[@]}" "$mdeck" --workspace "$ws" serve --port 0 "$@" >"$scratch/serve.out" 2>"$scratch/serve.err" &
    pids+=($!)
    servepid=$!
    for _ in $(seq 100); do
        url=$(sed -n 's/^Serving on //p' "$scratch/serve.out")
        [[ -n "$url" ]] && return
        sleep 0.1
    done
    cat "$scratch/serve.err" >&2
    exit 1
}
stop() { kill "$1"; wait "$1" 2>/dev/null || true; }
# Runs wrk $repeat times; prints "RPS P99_MS ERRORS" of the run with the
# median throughput (the machine is shared with wrk, so single runs scatter).
measure() { # URL PATH CONNECTIONS
    for i in $(seq "$repeat"); do
        WRK_BODY_FILE="$scratch/body.json" WRK_PATH="$2" \
            "${on_client[@]}" wrk -t2 -c"$3" -d"${secs}s" --latency -s "$here/post.lua" "$1" >"$scratch/wrk.$i.out" 2>&1
    done
    /usr/bin/python3 - "$scratch"/wrk.[0-9]*.out <<'PY'
import re, sys
runs = []
for path in sys.argv[1:]:
    t = open(path).read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
    m = re.search(r"99%\s+([\d.]+)(us|ms|s)", t)
    p99 = float(m.group(1)) * {"us": 1e-3, "ms": 1, "s": 1e3}[m.group(2)]
    errs = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
    sock = re.search(r"Socket errors: .*", t)
    runs.append((rps, p99, int(errs.group(1)) if errs else 0, sock.group(0) if sock else ""))
rps, p99, errs, sock = sorted(runs)[len(runs) // 2]
print(f"{rps:.0f} {p99:.3f} {errs}{' ' + sock if sock else ''}")
PY
    rm -f "$scratch"/wrk.[0-9]*.out
}

echo "load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores ($placement), median of $repeat runs of ${secs} s, wrk -t2"
# Which parts to run: BENCH_PARTS, a subset of "abcd" (default: all).
part() { [[ "${BENCH_PARTS:-abcd}" == *"$1"* ]]; }
freeport() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# (a) ModelDeck against FastAPI: mdeck serve as it runs by default (dynamic
# batching on), and with batching off (--max-batch-size 1) for reference.
if part a; then
    serve --model bc --no-log
    read -r ours_rps ours_p99 ours_err _ < <(measure "$url" /v2/models/bc/infer 32)
    stop "$servepid"
    serve --model bc --no-log --max-batch-size 1
    read -r single_rps single_p99 single_err _ < <(measure "$url" /v2/models/bc/infer 32)
    stop "$servepid"
    port=$(freeport)
    "${on_server[@]}" /usr/bin/python3 "$root/bench/peers/fastapi_serve.py" "$root/tests/data/models/breast_cancer_mlp.torchscript.pt" "$port" \
        >"$scratch/peer.log" 2>&1 &
    peer=$!; pids+=($peer)
    for _ in $(seq 100); do
        curl -s -o /dev/null -X POST -H 'Content-Type: application/json' --data @"$scratch/body.json" \
            "http://127.0.0.1:$port/v2/models/bc/infer" && break
        sleep 0.2
    done
    read -r peer_rps peer_p99 peer_err _ < <(measure "http://127.0.0.1:$port" /v2/models/bc/infer 32)
    stop "$peer"
    echo "(a) breast-cancer TorchScript, 1 row/request, 32 connections"
    echo "    mdeck serve       $ours_rps req/s  p99 $ours_p99 ms  errors $ours_err"
    echo "    (batching off     $single_rps req/s  p99 $single_p99 ms  errors $single_err)"
    echo "    FastAPI+uvicorn   $peer_rps req/s  p99 $peer_p99 ms  errors $peer_err"
    /usr/bin/python3 -c "print(f'    ratio {$ours_rps/$peer_rps:.1f}x the peer (goal >= 10), p99 {$ours_p99} ms (goal <= 2)')"
fi

# (b) The floor.
if part b; then
    cc -O2 -o "$scratch/floor" "$here/floor.c"
    port=$(freeport)
    "${on_server[@]}" "$scratch/floor" "$port" & floorpid=$!; pids+=($floorpid)
    sleep 0.2
    read -r floor_rps floor_p99 _ _ < <(measure "http://127.0.0.1:$port" /x 32)
    stop "$floorpid"
    echo "(b) C epoll floor     $floor_rps req/s  p99 $floor_p99 ms"
    if part a; then
        /usr/bin/python3 -c "print(f'    mdeck serve reaches {100*$ours_rps/$floor_rps:.0f}% of the floor')"
    fi
fi

# (c) Logging on against off, both as (a) runs by default, in pairs of runs
# on fresh servers (off, then on), so that both halves of a pair see the same
# machine and each logged run starts with an empty spool; the cost is the
# median of the pairs'. Then one pair of sustained runs.
# Until the table holds every row: rows queued or spooled, from /metrics.
if part c; then
    pending() { curl -s "$url/metrics" | sed -n 's/^modeldeck_prediction_log_queue_rows //p'; }
    pairs="${BENCH_PAIRS:-5}"
    : >"$scratch/pairs"
    for _ in $(seq "$pairs"); do
        serve --model bc --no-log
        read -r p_off _ < <(repeat=1 measure "$url" /v2/models/bc/infer 32)
        stop "$servepid"
        serve --model bc
        read -r p_on p_p99 _ < <(repeat=1 measure "$url" /v2/models/bc/infer 32)
        left=$(pending)
        start=$(date +%s.%N)
        for _ in $(seq 1200); do [[ "$(pending)" == 0 ]] && break; sleep 0.1; done
        drained=$(/usr/bin/python3 -c "print(f'{$(date +%s.%N) - $start:.1f}')")
        stop "$servepid"
        echo "$p_off $p_on $p_p99 $left $drained" >>"$scratch/pairs"
    done
    echo "(c) prediction log on against off, $pairs pairs of ${secs} s runs"
    /usr/bin/python3 - "$scratch/pairs" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
for off, on, p99, left, drained in rows:
    print(f"    off {off:.0f}  on {on:.0f} req/s (p99 {p99} ms)  cost {100*(1-on/off):.1f}%  "
          f"{left:.0f} rows still to load at the end, loaded {drained} s later")
cost = statistics.median(100 * (1 - on / off) for off, on, *_ in rows)
print(f"    median cost {cost:.1f}% of throughput (goal <= 10)")
PY
    sustained="${SUSTAINED_SECONDS:-40}"
    : >"$scratch/sustained"
    for _ in $(seq "${BENCH_SUSTAINED_PAIRS:-3}"); do
        serve --model bc --no-log
        read -r soff_rps _ < <(secs=$sustained repeat=1 measure "$url" /v2/models/bc/infer 32)
        stop "$servepid"
        serve --model bc
        read -r son_rps son_p99 _ < <(secs=$sustained repeat=1 measure "$url" /v2/models/bc/infer 32)
        stop "$servepid"
        echo "$soff_rps $son_rps $son_p99" >>"$scratch/sustained"
    done
    /usr/bin/python3 - "$scratch/sustained" "$sustained" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
for off, on, p99 in rows:
    print(f"    sustained {sys.argv[2]} s: off {off:.0f}  on {on:.0f} req/s (p99 {p99} ms)  "
          f"cost {100*(1-on/off):.1f}%")
cost = statistics.median(100 * (1 - on / off) for off, on, _ in rows)
print(f"    median sustained cost {cost:.1f}% (the table kept within 10 s of the traffic)")
PY
    dropped=$(grep -o 'dropped [0-9]*' "$scratch/serve.err" || true)
    echo "    log: $(grep -o 'logged [0-9]* predictions' "$scratch/serve.err" || echo '?') ${dropped}"
fi

# (d) Batching on a bigger MLP: $repeat pairs of runs on fresh servers
# (batching, then none), so that both halves of a pair see the same machine;
# the ratio is the median of the pairs'.
if part d; then
    : >"$scratch/batching"
    for _ in $(seq "$repeat"); do
        serve --model mlp512 --no-log --max-batch-size 64 --max-queue-delay-us 500
        read -r b_rps b_p99 b_err _ < <(repeat=1 measure "$url" /v2/models/mlp512/infer 64)
        stop "$servepid"
        serve --model mlp512 --no-log --max-batch-size 1
        read -r n_rps n_p99 n_err _ < <(repeat=1 measure "$url" /v2/models/mlp512/infer 64)
        stop "$servepid"
        echo "$b_rps $b_p99 $b_err $n_rps $n_p99 $n_err" >>"$scratch/batching"
    done
    echo "(d) MLP 30-512-512-2, 64 connections, $repeat pairs of ${secs} s runs"
    /usr/bin/python3 - "$scratch/batching" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
for b, bp, be, n, np_, ne in rows:
    print(f"    batching (64 rows, 500 us) {float(b):.0f} req/s (p99 {bp} ms, errors {be})  "
          f"none {float(n):.0f} req/s (p99 {np_} ms, errors {ne})  ratio {float(b)/float(n):.2f}x")
ratio = statistics.median(float(r[0]) / float(r[3]) for r in rows)
print(f"    median ratio {ratio:.2f}x (goal >= 2)")
PY
fi
