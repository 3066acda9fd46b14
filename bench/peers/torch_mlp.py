#!/usr/bin/python3
"""The Python PyTorch peer of bench/ml/bench_ml.cpp: the same 16-64-64-2 MLP,
data shape, batch size, optimizer and thread count, run eagerly. Prints JSON."""
import json
import sys
import time

import numpy as np
import torch

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 200000
torch.set_num_threads(threads)
torch.manual_seed(42)
rng = np.random.default_rng(1)
x = rng.standard_normal((rows, 16), dtype=np.float32)
w = np.array([1.0 if c % 3 == 0 else -0.5 for c in range(16)], dtype=np.float32)
y = (x @ w > 0).astype(np.int64)
X = torch.from_numpy(x)
Y = torch.from_numpy(y)

def make():
    return torch.nn.Sequential(torch.nn.Linear(16, 64), torch.nn.ReLU(),
                               torch.nn.Linear(64, 64), torch.nn.ReLU(),
                               torch.nn.Linear(64, 2))

best = 1e9
for _ in range(3):
    net = make()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    t0 = time.perf_counter()
    perm = torch.randperm(rows)
    net.train()
    for b in range(0, rows, 256):
        idx = perm[b:b + 256]
        opt.zero_grad()
        loss = loss_fn(net(X[idx]), Y[idx])
        loss.backward()
        opt.step()
    best = min(best, time.perf_counter() - t0)

net.eval()
with torch.no_grad():
    calls = 20000
    t0 = time.perf_counter()
    for i in range(calls):
        torch.softmax(net(X[i % 1000:i % 1000 + 1]), 1)
    row_us = (time.perf_counter() - t0) / calls * 1e6
    batch = X[:4096]
    torch.softmax(net(batch), 1)
    reps = 300
    t0 = time.perf_counter()
    for i in range(reps):
        torch.softmax(net(batch), 1)
    rows_per_s = 4096 * reps / (time.perf_counter() - t0)

print(json.dumps({"threads": threads, "rows": rows, "epoch_s": best, "row_us": row_us,
                  "batch4096_rows_per_s": rows_per_s, "torch": torch.__version__}))
