#!/usr/bin/python3
"""Reference numbers for the drift statistics, computed with scipy/numpy.

Run with Debian's interpreter from the repository root:
    /usr/bin/python3 tests/Unit/Data/drift/generate_reference.py
It rewrites the JSON files next to this script. Samples are rounded to 6 significant
digits *before* scipy sees them, so the C# tests read exactly the inputs scipy used.
Large samples are stored as (value, count) histograms to keep the files small.
"""
import json
import os
import warnings

import numpy as np
import scipy
from scipy import special, stats
from scipy.stats._stats_py import _compute_prob_outside_square

OUT = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20240611)
EPSILON = 1e-4  # PSI smoothing proportion for empty bins, same as the C# definition


def r6(x):
    return np.array([float("%.6g" % v) for v in np.asarray(x, dtype=float)])


def as_json_sample(x):
    x = np.asarray(x, dtype=float)
    values, counts = np.unique(x, return_counts=True)
    if len(x) > 3000 and len(values) * 2 < len(x):
        return {"values": values.tolist(), "counts": counts.tolist()}
    return {"values": x.tolist()}


def ks_case(name, a, b):
    a, b = r6(a), r6(b)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = stats.ks_2samp(a, b)
    fell_back = any("Exact calculation unsuccessful" in str(w.message) for w in caught)
    if max(len(a), len(b)) > 10000 or fell_back:
        method = "asymptotic"
    else:
        method = "exact"
    return {"name": name, "a": as_json_sample(a), "b": as_json_sample(b),
            "statistic": float(res.statistic), "pvalue": float(res.pvalue), "method": method}


def ks_cases():
    cases = []
    for n, m, shift in [(50, 60, 0.0), (50, 60, 0.5), (200, 200, 0.2), (1000, 800, 0.1),
                        (5000, 5000, 0.03), (3000, 2999, 0.05), (10000, 9000, 0.02)]:
        cases.append(ks_case(f"normal_shift_{n}_{m}_{shift}", rng.normal(0, 1, n), rng.normal(shift, 1, m)))
    cases.append(ks_case("cauchy_300_400", rng.standard_cauchy(300), rng.standard_cauchy(400) + 0.3))
    cases.append(ks_case("student_t2_1200_1500", rng.standard_t(2, 1200), rng.standard_t(2, 1500) * 1.3))
    cases.append(ks_case("many_ties_poisson_100_150", rng.poisson(3, 100), rng.poisson(3.4, 150)))
    cases.append(ks_case("many_ties_rounded_500_700", np.round(rng.normal(0, 1, 500), 1), np.round(rng.normal(0.1, 1, 700), 1)))
    cases.append(ks_case("many_ties_binary_40_60", rng.integers(0, 2, 40), rng.integers(0, 2, 60)))
    cases.append(ks_case("identical_samples_30", np.arange(30.0), np.arange(30.0)))
    for n in range(1, 6):
        for m in range(1, 6):
            cases.append(ks_case(f"tiny_{n}_{m}", rng.normal(0, 1, n), rng.normal(0.5, 1, m)))
    cases.append(ks_case("one_vs_500", [0.3], rng.normal(0, 1, 500)))
    cases.append(ks_case("one_vs_20000", [2.5], rng.normal(0, 1, 20000)))
    cases.append(ks_case("unequal_10_5000", rng.normal(0.8, 1, 10), rng.normal(0, 1, 5000)))
    # Asymptotic with small effective n (<= 140): exercises Durbin, Pomeranz and Smirnov branches.
    for n, shift in [(10, 0.0), (10, 1.0), (10, 3.0), (50, 0.2), (50, 0.6), (137, 0.1), (137, 0.4), (137, 1.5)]:
        cases.append(ks_case(f"unequal_{n}_12000_shift_{shift}", rng.normal(shift, 1, n), np.round(rng.normal(0, 1, 12000), 2)))
    # Asymptotic, effective n in (140, 1e5]: Durbin matrix or Smirnov tail.
    for shift in [0.0, 0.02, 0.05, 0.3]:
        cases.append(ks_case(f"asymptotic_12000_15000_shift_{shift}", np.round(rng.normal(0, 1, 12000), 2),
                             np.round(rng.normal(shift, 1, 15000), 2)))
    # Asymptotic, effective n > 1e5: Pelz-Good; stored as histograms.
    for shift in [0.0, 0.004, 0.01]:
        cases.append(ks_case(f"asymptotic_250000_300000_shift_{shift}", np.round(rng.normal(0, 1, 250000), 2),
                             np.round(rng.normal(shift, 1, 300000), 2)))
    # Exact computation leaves [0, 1] by rounding: scipy falls back to the asymptotic p-value.
    for n in range(2, 400):
        if _compute_prob_outside_square(n, 1) > 1:
            a = np.arange(n, dtype=float)
            cases.append(ks_case(f"fallback_equal_{n}", a, a + 0.5))
            break
    cases.append(ks_case("constant_both_same", np.full(20, 1.5), np.full(25, 1.5)))
    cases.append(ks_case("constant_both_different", np.full(20, 1.5), np.full(25, 2.5)))
    return cases


def kstwo_cases():
    out = []
    for n in [1, 2, 5, 10, 50, 140, 141, 1000, 50000, 100000, 100001, 500000, 2000000]:
        for x in [0.0005, 0.001, 0.003, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.9]:
            out.append({"n": n, "x": x, "sf": float(stats.kstwo.sf(x, n))})
    for n in [2, 10, 1000, 900000, 1500000]:
        for x in [0.0005, 0.002, 0.01, 0.1, 0.4, 0.7]:
            out.append({"n": n, "x": x, "smirnov": float(special.smirnov(n, x))})
    return out


def psi_numeric(ref, cur, bins):
    """PSI over reference-quantile bins; same definition as PopulationStabilityIndex.Numeric."""
    qs = np.arange(1, bins) / bins
    edges = np.unique(np.quantile(ref, qs))  # numpy 'linear' quantiles; duplicates merged
    # Bins are right-closed: (-inf, e0], (e0, e1], ..., (e_last, +inf)
    ref_counts = np.bincount(np.searchsorted(edges, ref, side="left"), minlength=len(edges) + 1)
    cur_counts = np.bincount(np.searchsorted(edges, cur, side="left"), minlength=len(edges) + 1)
    p = ref_counts / len(ref)
    q = cur_counts / len(cur)
    p = np.where(ref_counts == 0, EPSILON, p)
    q = np.where(cur_counts == 0, EPSILON, q)
    return edges, p, q, float(np.sum((q - p) * np.log(q / p)))


def psi_cases():
    out = []
    specs = [("normal_no_shift", rng.normal(0, 1, 2000), rng.normal(0, 1, 1500), 10),
             ("normal_shift_0.5", rng.normal(0, 1, 2000), rng.normal(0.5, 1, 1500), 10),
             ("normal_scale", rng.normal(0, 1, 3000), rng.normal(0, 2, 3000), 20),
             ("many_ties_poisson", rng.poisson(2, 1000), rng.poisson(2.5, 1000), 10),
             ("mostly_zero", np.where(rng.random(800) < 0.7, 0.0, rng.exponential(1, 800)),
              np.where(rng.random(900) < 0.4, 0.0, rng.exponential(1, 900)), 10),
             ("current_outside_range", rng.normal(0, 1, 500), rng.normal(10, 1, 400), 10),
             ("five_bins_cauchy", rng.standard_cauchy(700), rng.standard_cauchy(600) + 1, 5),
             ("small_windows", rng.normal(0, 1, 12), rng.normal(0.3, 1, 15), 10)]
    for name, ref, cur, bins in specs:
        ref, cur = r6(ref), r6(cur)
        edges, p, q, psi = psi_numeric(ref, cur, bins)
        out.append({"name": name, "bins": bins, "reference": ref.tolist(), "current": cur.tolist(),
                    "edges": edges.tolist(), "referenceProportions": p.tolist(),
                    "currentProportions": q.tolist(), "psi": psi})
    return out


def psi_categorical_cases():
    out = []
    cats = ["a", "b", "c", "d", "e"]
    specs = [("same_mix", rng.choice(cats, 1000, p=[.4, .3, .1, .1, .1]), rng.choice(cats, 800, p=[.4, .3, .1, .1, .1])),
             ("shifted_mix", rng.choice(cats, 1000, p=[.4, .3, .1, .1, .1]), rng.choice(cats, 800, p=[.1, .1, .2, .3, .3])),
             ("unseen_category", rng.choice(cats[:3], 500), np.concatenate([rng.choice(cats[:3], 300), np.full(40, "zz")])),
             ("missing_category_in_current", rng.choice(cats, 400), rng.choice(cats[:2], 300))]
    for name, ref, cur in specs:
        ref_l, cur_l = [str(v) for v in ref], [str(v) for v in cur]
        seen = sorted(set(ref_l))
        unseen = sorted(set(cur_l) - set(ref_l))
        order = seen + unseen
        rc = np.array([ref_l.count(c) for c in order])
        cc = np.array([cur_l.count(c) for c in order])
        p = np.where(rc == 0, EPSILON, rc / len(ref_l))
        q = np.where(cc == 0, EPSILON, cc / len(cur_l))
        out.append({"name": name, "reference": ref_l, "current": cur_l, "categories": order,
                    "referenceProportions": p.tolist(), "currentProportions": q.tolist(),
                    "psi": float(np.sum((q - p) * np.log(q / p)))})
    return out


def chi2_cases():
    out = []
    tables = [("two_categories_yates", [30, 70], [45, 55]),
              ("two_categories_small_diff", [50, 50], [50, 51]),
              ("two_categories_tiny", [3, 1], [1, 4]),
              ("three_categories", [100, 200, 300], [120, 180, 260]),
              ("five_categories_shift", [400, 300, 100, 100, 100], [80, 80, 160, 240, 240]),
              ("zero_in_current", [40, 30, 30], [50, 0, 50]),
              ("unseen_in_reference", [100, 100, 0], [90, 90, 40]),
              ("large_counts", [100000, 200000, 50000, 650000], [101000, 199000, 50500, 649500]),
              ("ten_categories", list(rng.integers(5, 100, 10)), list(rng.integers(5, 100, 10)))]
    for name, r, c in tables:
        res = stats.chi2_contingency(np.array([r, c]))
        out.append({"name": name, "reference": [int(v) for v in r], "current": [int(v) for v in c],
                    "statistic": float(res.statistic), "pvalue": float(res.pvalue), "dof": int(res.dof)})
    return out


def wasserstein_cases():
    out = []
    specs = [("normal_shift", rng.normal(0, 1, 300), rng.normal(0.7, 1, 400)),
             ("scale", rng.normal(5, 2, 500), rng.normal(5, 3, 200)),
             ("ties", rng.poisson(4, 300).astype(float), rng.poisson(5, 250).astype(float)),
             ("heavy_tails", rng.standard_cauchy(200), rng.standard_cauchy(300)),
             ("tiny", rng.normal(0, 1, 2), rng.normal(1, 1, 3)),
             ("one_vs_many", [1.0], rng.normal(0, 1, 100))]
    for name, a, b in specs:
        a, b = r6(a), r6(b)
        w = float(stats.wasserstein_distance(a, b))
        sd = float(np.std(a, ddof=1)) if len(a) > 1 else 0.0
        out.append({"name": name, "reference": a.tolist(), "current": b.tolist(), "distance": w,
                    "normalized": (w / sd) if sd > 0 else None,
                    "meanShift": ((float(np.mean(b)) - float(np.mean(a))) / sd) if sd > 0 else None})
    return out


def write(name, payload):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump({"generator": "generate_reference.py", "scipy": scipy.__version__,
                   "numpy": np.__version__, "cases": payload}, f, separators=(",", ":"))


if __name__ == "__main__":
    write("ks_cases.json", ks_cases())
    write("kstwo_cases.json", kstwo_cases())
    write("psi_cases.json", psi_cases())
    write("psi_categorical_cases.json", psi_categorical_cases())
    write("chi2_cases.json", chi2_cases())
    write("wasserstein_cases.json", wasserstein_cases())
