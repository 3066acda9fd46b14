#!/usr/bin/python3
"""Writes a TorchScript MLP 30-512-512-2 (softmax; random weights, fixed seed)
and its signature, for the batching benchmark. Usage: make_mlp.py OUT_DIR"""
import json
import sys

import torch

torch.manual_seed(7)
net = torch.nn.Sequential(torch.nn.Linear(30, 512), torch.nn.ReLU(),
                          torch.nn.Linear(512, 512), torch.nn.ReLU(),
                          torch.nn.Linear(512, 2), torch.nn.Softmax(dim=1)).eval()
out = sys.argv[1]
torch.jit.trace(net, torch.zeros(1, 30)).save(out + "/mlp512.pt")
json.dump({"inputs": [{"name": "input", "datatype": "FP32", "shape": [-1, 30],
                       "features": ["f%d" % i for i in range(30)]}],
           "outputs": [{"name": "output", "datatype": "FP32", "shape": [-1, 2],
                        "classes": ["a", "b"]}]},
          open(out + "/mlp512.signature.json", "w"))
