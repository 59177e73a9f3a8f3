"""Reference numbers for tests/Unit/Deployments, written as JSON and committed (the tests do not run Python).

routing_hash_cases.json: FNV-1a 64 over UTF-8, MurmurHash3 fmix64, slot = (hash * 1000) >> 64, computed here
independently of the C# RoutingHash so a change to the routing hash (which would re-route every key) fails a test.
percentile_cases.json: numpy.percentile(..., method="inverted_cdf"), the nearest-rank definition HealthWindow uses.

Run: /usr/bin/python3 tests/Unit/Data/deployments/generate_reference.py
"""
import json
import os

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
            entry = {"name": f"n={n} {shape}", "values": values.tolist(), "percentiles": {}}
            for p in (0, 1, 25, 50, 90, 95, 99, 99.9, 100):
                entry["percentiles"][str(p)] = float(np.percentile(values, p, method="inverted_cdf"))
            cases.append(entry)
    return {"numpy": np.__version__, "method": "inverted_cdf", "cases": cases}


def write(name, data):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    write("routing_hash_cases.json", routing_cases())
    write("percentile_cases.json", percentile_cases())
