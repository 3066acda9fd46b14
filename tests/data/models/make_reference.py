"""Writes breast_cancer_mlp.reference.json: what PyTorch itself answers for
the first eight rows of breast_cancer.csv through the shipped TorchScript
model, unfrozen, so that ModelDeck's predictor can be checked against it.
Run with Debian's python3-torch: /usr/bin/python3 make_reference.py
"""
import csv
import json
import os

import torch

here = os.path.dirname(os.path.abspath(__file__))
rows = []
with open(os.path.join(here, "..", "breast_cancer.csv")) as f:
    for i, r in enumerate(csv.DictReader(f)):
        if i == 8:
            break
        rows.append([float(v) for k, v in r.items() if k != "target"])
model = torch.jit.load(os.path.join(here, "breast_cancer_mlp.torchscript.pt")).eval()
with torch.no_grad():
    out = model(torch.tensor(rows, dtype=torch.float32))
json.dump({"made_by": "PyTorch " + torch.__version__ + " (Debian python3-torch), unfrozen module",
           "inputs": "the first 8 rows of breast_cancer.csv, features in file order",
           "outputs": [[float(v) for v in row] for row in out.tolist()]},
          open(os.path.join(here, "breast_cancer_mlp.reference.json"), "w"), indent=1)
