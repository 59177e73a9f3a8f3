"""Reference numbers for tests/Unit/Deployments, written as JSON and committed (the tests do not run Python).

routing_hash_cases.json: FNV-1a 64 over UTF-8, MurmurHash3 fmix64, slot = (hash * 1000) >> 64, computed here
independently of the C# RoutingHash so a change to the routing hash (which would re-route every key) fails a test.
percentile_cases.json: nearest rank, the value at rank ceil(p/100 * n), computed with exact fractions, checked
against numpy.percentile(..., method="inverted_cdf"). numpy forms p/100 * n in floating point, so where that
product is an integer it can land one rank higher (n=1000, p=99.9 gives 999.0000000000001); such cases keep the
exact value and list numpy's under "numpyDiffers" so the difference is visible, not hidden.

Run: /usr/bin/python3 tests/Unit/Data/deployments/generate_reference.py
"""
import json
import math
import os
from fractions import Fraction

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
MASK = (1 << 64) - 1


def fnv1a_fmix64(text: str) -> int:
    h = 14695981039346656037
    for b in text.encode("utf-8", errors="replace"):
        h = ((h ^ b) * 1099511628211) & MASK
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & MASK
    h ^= h >> 33
    h = (h * 0xC4CEB9FE1A85EC53) & MASK
    h ^= h >> 33
    return h


def routing_cases():
    keys = ["", "a", "user-1", "user-2", "customer:42", "Ünïcödé", "日本語キー", "emoji-\U0001F600", "x" * 300]
    keys += [f"key-{i}" for i in range(20)]
    cases = []
    for key in keys:
        h = fnv1a_fmix64(key)
        cases.append({"key": key, "hash": str(h), "slot": (h * 1000) >> 64})
    return {"cases": cases}


def percentile_cases():
    rng = np.random.default_rng(20261124)
    cases = []
    sizes = [1, 2, 3, 5, 10, 19, 20, 21, 99, 100, 101, 150, 999, 1000, 1001]
    for n in sizes:
        for shape in ("lognormal", "ties"):
            if shape == "lognormal":
                values = np.round(rng.lognormal(mean=3.0, sigma=0.8, size=n), 3)
            else:
                values = rng.integers(1, 6, size=n).astype(float)
            entry = {"name": f"n={n} {shape}", "values": values.tolist(), "percentiles": {}, "numpyDiffers": {}}
            ordered = np.sort(values)
            for p in ("0", "1", "25", "50", "90", "95", "99", "99.9", "100"):
                rank = max(math.ceil(Fraction(p) * n / 100), 1)
                exact = float(ordered[rank - 1])
                numpy_value = float(np.percentile(values, float(p), method="inverted_cdf"))
                entry["percentiles"][p] = exact
                if numpy_value != exact:
                    assert (Fraction(p) * n / 100).denominator == 1, f"numpy differs off a rank boundary: n={n} p={p}"
                    entry["numpyDiffers"][p] = numpy_value
            cases.append(entry)
    return {"numpy": np.__version__, "method": "inverted_cdf", "cases": cases}


def write(name, data):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    write("routing_hash_cases.json", routing_cases())
    write("percentile_cases.json", percentile_cases())
