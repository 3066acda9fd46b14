#!/usr/bin/env bash
# Training and inference of a 16-64-64-2 MLP: ModelDeck (C++/LibTorch and its
# lean forward path) against Python PyTorch eager from Debian, same run, same
# thread count. Usage: bench/ml/run.sh BUILD_DIR [THREADS]
set -euo pipefail
build="${1:-build}"
threads="${2:-1}"
ours=$("$build/bench/ml/bench_ml" --threads "$threads")
peer=$(/usr/bin/python3 "$(dirname "$0")/../peers/torch_mlp.py" "$threads")
/usr/bin/python3 - "$ours" "$peer" <<'PY'
import json, sys
o, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"MLP 16-64-64-2, {o['rows']} rows, batch 256, {o['threads']} thread(s), BLAS: {o['blas']}")
print(f"  training epoch      ModelDeck {o['epoch_s']:.3f} s   PyTorch {p['epoch_s']:.3f} s   "
      f"ratio {o['epoch_s']/p['epoch_s']:.2f}x of Python's time (goal <= 0.5)   "
      f"compute floor {o['epoch_floor_s']:.3f} s ({o['epoch_s']/o['epoch_floor_s']:.1f}x above it)")
print(f"  predict 1 row       ModelDeck {o['lean_row_us']:.2f} us (LibTorch path {o['torch_row_us']:.2f} us)   "
      f"PyTorch eager {p['row_us']:.2f} us   speedup {p['row_us']/o['lean_row_us']:.1f}x (goal >= 3)")
print(f"  predict batch 4096  ModelDeck {o['batch4096_rows_per_s']/1e6:.2f} M rows/s   "
      f"PyTorch {p['batch4096_rows_per_s']/1e6:.2f} M rows/s   ratio {o['batch4096_rows_per_s']/p['batch4096_rows_per_s']:.2f} (goal >= 1)")
print(f"  machine: sgemm {o['gemm_gflops']:.1f} GFLOP/s")
PY
