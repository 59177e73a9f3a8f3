#!/usr/bin/python3
"""The drift upload's work in pandas + scipy on the same files: pandas.read_csv of both windows, then per feature
scipy.stats.ks_2samp (method "auto") and PSI over 10 reference-quantile bins (as bench/scipy_loop.py).
Usage: /usr/bin/python3 bench/drift_upload_pandas.py reference.csv current.csv
       /usr/bin/python3 bench/drift_upload_pandas.py --summary report.json"""
import sys
import time

import numpy as np
import pandas as pd
import scipy
from scipy import stats

EPSILON = 1e-4


def psi(reference, current, bins=10):
    edges = np.unique(np.quantile(reference, np.arange(1, bins) / bins))
    r = np.bincount(np.searchsorted(edges, reference, side="left"), minlength=len(edges) + 1)
    c = np.bincount(np.searchsorted(edges, current, side="left"), minlength=len(edges) + 1)
    p = np.where(r == 0, EPSILON, r / len(reference))
    q = np.where(c == 0, EPSILON, c / len(current))
    return float(np.sum((q - p) * np.log(q / p)))


if sys.argv[1] == "--summary":
    # One line from the portal's report (bench/run-drift-upload.sh), to compare its numbers with the lines below.
    import json
    report = json.load(open(sys.argv[2]))
    if "features" not in report:
        print(report)
    else:
        f = {x["name"]: x for x in report["features"]}
        print(f"rows={report['referenceRows']}/{report['currentRows']} " + " ".join(
            f"{c}: D={f[c]['ks']:.6f} p={f[c]['pValue']:.4g} PSI={f[c]['psi']:.6f}" for c in ("f0", "f1")))
    sys.exit(0)

start = time.perf_counter()
reference = pd.read_csv(sys.argv[1])
current = pd.read_csv(sys.argv[2])
parsed = time.perf_counter()
for column in reference.columns:
    a = reference[column].dropna().to_numpy()
    b = current[column].dropna().to_numpy()
    ks = stats.ks_2samp(a, b)
    value = psi(a, b)
    if column in ("f0", "f1"):
        print(f"  {column}: D={ks.statistic:.6f} p={ks.pvalue:.4g} PSI={value:.6f}")
end = time.perf_counter()
print(f"pandas {pd.__version__} scipy {scipy.__version__}: read_csv {parsed - start:.2f} s, KS+PSI {end - parsed:.2f} s")
print(f"PANDAS_SCIPY_SECONDS={end - start:.3f}")
