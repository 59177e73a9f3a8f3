#!/usr/bin/python3
"""Builds the tiny ONNX model the serving tests score, and its expected outputs.

A logistic regression written by hand with onnx.helper (no training, no converter): one float input
"features" of shape [N, 3] (income_k, debt_ratio, age, in the model's feature order) and two outputs,
"logit" = X.W + b and "probability" = sigmoid(logit), both [N, 1]. Two outputs on purpose: the scorer
must take the output name from the version's metadata ("onnx.output"), not guess it.

Run with Debian's python3-onnx and python3-numpy:  /usr/bin/python3 make_onnx.py
Writes tiny_logistic.onnx and tiny_logistic_expected.json beside this script; both are committed.
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))
FEATURES = ["income_k", "debt_ratio", "age"]
W = np.array([[-0.03], [4.0], [-0.02]], dtype=np.float32)
B = np.array([0.5], dtype=np.float32)

graph = helper.make_graph(
    nodes=[
        helper.make_node("MatMul", ["features", "W"], ["xw"]),
        helper.make_node("Add", ["xw", "B"], ["logit"]),
        helper.make_node("Sigmoid", ["logit"], ["probability"]),
    ],
    name="tiny_logistic",
    inputs=[helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", len(FEATURES)])],
    outputs=[
        helper.make_tensor_value_info("logit", TensorProto.FLOAT, ["N", 1]),
        helper.make_tensor_value_info("probability", TensorProto.FLOAT, ["N", 1]),
    ],
    initializer=[
        helper.make_tensor("W", TensorProto.FLOAT, W.shape, W.flatten().tolist()),
        helper.make_tensor("B", TensorProto.FLOAT, B.shape, B.tolist()),
    ],
)
model = helper.make_model(graph, producer_name="modellifecycle-tests", opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 7
onnx.checker.check_model(model)
onnx.save(model, os.path.join(HERE, "tiny_logistic.onnx"))

rows = np.array(
    [
        [20.0, 0.9, 25.0],
        [150.0, 0.05, 60.0],
        [55.5, 0.35, 41.0],
        [0.0, 0.0, 0.0],
        [80.0, 0.5, 33.0],
    ],
    dtype=np.float32,
)
logit = rows @ W + B
probability = 1.0 / (1.0 + np.exp(-logit.astype(np.float64)))
cases = [
    {
        "features": dict(zip(FEATURES, map(float, row))),
        "logit": float(l[0]),
        "probability": float(p[0]),
        "prediction": 1 if p[0] >= 0.5 else 0,
    }
    for row, l, p in zip(rows, logit, probability)
]
with open(os.path.join(HERE, "tiny_logistic_expected.json"), "w") as f:
    json.dump({"features": FEATURES, "input": "features", "output": "probability", "cases": cases}, f, indent=2)
    f.write("\n")
