#!/usr/bin/python3
"""The same drift workload in scipy/numpy, for the speed ratio in docs/benchmarks.md.

For each of F features: reference N(0, 1), current N(shift, scale) with the parameters of
bench/Drift.Bench/SyntheticData.cs (numpy's generator: same distribution, different numbers),
then scipy.stats.ks_2samp (method="auto") and PSI over 10 reference-quantile bins with numpy.
Only the analysis is timed, generation is excluded, as in the C# runner.
Usage: /usr/bin/python3 bench/scipy_loop.py [features] [rows]
"""
import sys
import time

import numpy as np
import scipy
from scipy import stats

EPSILON = 1e-4


def drift(feature):
    shift = 0.05 * (feature // 5 + 1) if feature % 5 == 0 else 0.0
    scale = 1.1 if feature % 7 == 3 else 1.0
    return shift, scale


def psi(reference, current, bins=10):
    edges = np.unique(np.quantile(reference, np.arange(1, bins) / bins))
    r = np.bincount(np.searchsorted(edges, reference, side="left"), minlength=len(edges) + 1)
    c = np.bincount(np.searchsorted(edges, current, side="left"), minlength=len(edges) + 1)
    p = np.where(r == 0, EPSILON, r / len(reference))
    q = np.where(c == 0, EPSILON, c / len(current))
    return float(np.sum((q - p) * np.log(q / p)))


def main():
    features = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    print(f"features={features} rows={rows} scipy={scipy.__version__} numpy={np.__version__}")
    analysis = 0.0
    significant = 0
    for f in range(features):
        shift, scale = drift(f)
        rng = np.random.default_rng(1000 + f)
        reference = rng.normal(0.0, 1.0, rows)
        current = rng.normal(shift, scale, rows)
        start = time.perf_counter()
        ks = stats.ks_2samp(reference, current)
        value = psi(reference, current)
        analysis += time.perf_counter() - start
        significant += ks.pvalue < 0.05
        if f < 3:
            print(f"  feature {f}: D={ks.statistic:.6f} p={ks.pvalue:.4g} PSI={value:.5f}")
    print(f"scipy KS+PSI: {analysis:.2f} s for {features} features ({significant} with KS p < 0.05)")
    print(f"SCIPY_SECONDS={analysis:.3f}")


if __name__ == "__main__":
    main()
