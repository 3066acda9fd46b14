#!/usr/bin/env python3
"""Peer for bench/pipeline: the same DAGs run by a small concurrent.futures
scheduler (a step is submitted when all it needs are done).

Usage: pipeline_futures.py noop STEPS WORKERS
       pipeline_futures.py cpu STEPS WORKERS COMMAND
Prints key=value lines for bench/pipeline/run.sh.
"""
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor


def grid(steps):
    """Step i needs i-1 (unless it starts a row of ten) and i-10, as bench_pipeline."""
    needs = []
    for i in range(steps):
        n = []
        if i % 10 != 0:
            n.append(i - 1)
        if i >= 10:
            n.append(i - 10)
        needs.append(n)
    return needs


def run_dag(needs, workers, work):
    users = [[] for _ in needs]
    waiting = [len(n) for n in needs]
    for i, n in enumerate(needs):
        for d in n:
            users[d].append(i)
    lock = threading.Lock()
    done = threading.Event()
    remaining = [len(needs)]
    pool = ThreadPoolExecutor(max_workers=workers)

    def finished(i):
        ready = []
        with lock:
            remaining[0] -= 1
            for u in users[i]:
                waiting[u] -= 1
                if waiting[u] == 0:
                    ready.append(u)
            if remaining[0] == 0:
                done.set()
        for u in ready:
            submit(u)

    def submit(i):
        pool.submit(work, i).add_done_callback(lambda f, i=i: finished(i))

    roots = [i for i, w in enumerate(waiting) if w == 0]  # before any callback runs
    for i in roots:
        submit(i)
    done.wait()
    pool.shutdown()


def main():
    mode = sys.argv[1]
    steps = int(sys.argv[2])
    workers = int(sys.argv[3])
    if mode == "noop":
        needs = grid(steps)
        work = lambda i: None  # noqa: E731
        key = "python_noop"
    else:
        command = sys.argv[4]
        needs = [[] for _ in range(steps)]
        work = lambda i: subprocess.run(["/bin/sh", "-c", command], check=True)  # noqa: E731
        key = "python_cpu"
    start = time.perf_counter()
    run_dag(needs, workers, work)
    print(f"{key}_seconds={time.perf_counter() - start:.4f}")


if __name__ == "__main__":
    main()
