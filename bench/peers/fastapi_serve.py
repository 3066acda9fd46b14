#!/usr/bin/python3
"""The serving peer: FastAPI + uvicorn (uvloop, httptools), one worker, the
same TorchScript model and the same Open Inference Protocol JSON as
`mdeck serve`. Usage: fastapi_serve.py MODEL.pt PORT"""
import sys

import torch
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

torch.set_num_threads(1)
model = torch.jit.load(sys.argv[1]).eval()
app = FastAPI()


@app.post("/v2/models/{name}/infer")
async def infer(name: str, request: Request):
    body = await request.json()
    inp = body["inputs"][0]
    x = torch.tensor(inp["data"], dtype=torch.float32).reshape(inp["shape"])
    with torch.inference_mode():
        y = model(x)
    rows, width = y.shape
    return JSONResponse({"model_name": name, "id": body.get("id", ""),
                         "outputs": [{"name": "output", "datatype": "FP32",
                                      "shape": [rows, width],
                                      "data": y.reshape(-1).tolist()}]})


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), workers=1, loop="uvloop",
                http="httptools", log_level="warning", access_log=False)
