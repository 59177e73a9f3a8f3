#!/usr/bin/python3
"""Builds the ONNX model the in-process serving benchmark scores: a tree ensemble shaped like the FastTree model
the benchmark trains (30 float features, 100 trees of 20 leaves, binary), written by hand with onnx.helper.

ML.NET -> ONNX conversion is not available here (Microsoft.ML.OnnxConverter does not restore), so the trees are not
the FastTree model's trees: splits and leaf values are drawn from a seeded generator. The work per prediction
(100 tree walks of depth <= 8 over 30 features, a sum and a logistic) is the same shape, which is what the timing
measures. Operator: ai.onnx.ml TreeEnsembleClassifier (opset 3), post_transform LOGISTIC, no ZipMap, so the
output "probabilities" is a float tensor [N, 2] with the positive class last (the scorer's convention).

Run with Debian's python3-onnx and python3-numpy:  /usr/bin/python3 make_tree_onnx.py OUT.onnx [trees] [leaves]
"""
import random
import sys

import onnx
from onnx import TensorProto, helper

out = sys.argv[1]
TREES = int(sys.argv[2]) if len(sys.argv) > 2 else 100
LEAVES = int(sys.argv[3]) if len(sys.argv) > 3 else 20
FEATURES = 30
rng = random.Random(2026)

attrs = {k: [] for k in ["nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_values", "nodes_modes",
                         "nodes_truenodeids", "nodes_falsenodeids", "nodes_missing_value_tracks_true",
                         "class_treeids", "class_nodeids", "class_ids", "class_weights"]}

for tree in range(TREES):
    # Grow a random tree: split a random leaf (depth < 8) until it has LEAVES leaves.
    nodes = [{"depth": 0, "split": None}]
    leaves = [0]
    while len(leaves) < LEAVES:
        candidates = [n for n in leaves if nodes[n]["depth"] < 8]
        node = rng.choice(candidates)
        leaves.remove(node)
        left, right = len(nodes), len(nodes) + 1
        nodes.append({"depth": nodes[node]["depth"] + 1, "split": None})
        nodes.append({"depth": nodes[node]["depth"] + 1, "split": None})
        # Features are roughly N(0, 1) in the benchmark's rows: thresholds from the same range.
        nodes[node]["split"] = (rng.randrange(FEATURES), rng.gauss(0.0, 1.0), left, right)
        leaves += [left, right]
    for i, n in enumerate(nodes):
        attrs["nodes_treeids"].append(tree)
        attrs["nodes_nodeids"].append(i)
        attrs["nodes_missing_value_tracks_true"].append(0)
        if n["split"] is None:
            attrs["nodes_featureids"].append(0)
            attrs["nodes_values"].append(0.0)
            attrs["nodes_modes"].append("LEAF")
            attrs["nodes_truenodeids"].append(0)
            attrs["nodes_falsenodeids"].append(0)
            attrs["class_treeids"].append(tree)
            attrs["class_nodeids"].append(i)
            attrs["class_ids"].append(1)
            attrs["class_weights"].append(rng.gauss(0.0, 0.1))
        else:
            feature, threshold, left, right = n["split"]
            attrs["nodes_featureids"].append(feature)
            attrs["nodes_values"].append(threshold)
            attrs["nodes_modes"].append("BRANCH_LEQ")
            attrs["nodes_truenodeids"].append(left)
            attrs["nodes_falsenodeids"].append(right)

node = helper.make_node(
    "TreeEnsembleClassifier", ["features"], ["label", "probabilities"], domain="ai.onnx.ml",
    classlabels_int64s=[0, 1], post_transform="LOGISTIC", **attrs)
graph = helper.make_graph(
    [node], "bench_trees",
    inputs=[helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", FEATURES])],
    outputs=[
        helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
        helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 2]),
    ])
model = helper.make_model(graph, producer_name="modellifecycle-bench",
                          opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", 3)])
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save(model, out)
print(f"{out}: {TREES} trees x {LEAVES} leaves, {FEATURES} features")
