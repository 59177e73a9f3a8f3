#!/usr/bin/python3
"""Writes the two drift-upload windows (seeded): reference N(0,1), current with every third feature shifted by 0.1 sd.
~85 MB each for 1,000,000 rows x 10 features ("%.5f", about 8.5 bytes a value).
Usage: /usr/bin/python3 bench/drift_upload_data.py DIR [rows] [features]"""
import os
import sys

import numpy as np

out, rows, features = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000, int(sys.argv[3]) if len(sys.argv) > 3 else 10
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(20261124)
for name, shifted in (("reference", False), ("current", True)):
    data = rng.normal(0.0, 1.0, (rows, features))
    if shifted:
        data[:, ::3] += 0.1
    path = os.path.join(out, f"{name}.csv.tmp")
    with open(path, "w") as f:
        f.write(",".join(f"f{i}" for i in range(features)) + "\n")
        chunk = 100_000
        for start in range(0, rows, chunk):
            block = data[start:start + chunk]
            f.write("\n".join(",".join(f"{v:.5f}" for v in row) for row in block.tolist()) + "\n")
    os.replace(path, os.path.join(out, f"{name}.csv"))
print(f"wrote {out}/reference.csv and {out}/current.csv ({rows} rows x {features} features)")
