#!/usr/bin/env python3
"""Reference numbers for the A/B test statistics (src/Portal.Domain/AbTests/AbStatistics.cs).

Run with Debian's python3-scipy and python3-statsmodels (scipy 1.10, statsmodels 0.13):
    /usr/bin/python3 tests/Unit/Data/abtests/make_reference.py
It rewrites reference.json beside this file; the unit tests read that JSON, not Python.

Conventions: arm A is the control, arm B the challenger, differences are B - A.
- proportions: statsmodels proportions_ztest([xB, xA], [nB, nA]) (pooled standard error, two-sided) and
  confint_proportions_2indep(xB, nB, xA, nA, method='wald', compare='diff') (unpooled standard error).
- welch: scipy.stats.ttest_ind(b, a, equal_var=False) for t and p; the CI of the mean difference is statsmodels'
  CompareMeans(b, a).tconfint_diff(usevar='unequal') (Welch-Satterthwaite degrees of freedom), which is what
  scipy >= 1.11 returns from ttest_ind(...).confidence_interval(). scipy 1.10's t quantile is accurate to ~1e-9
  relative only, so ciLowExact/ciHighExact and the "exact" quantiles are recomputed with mpmath at 40 digits.
- f1: the F1 test is the two-proportion z-test on the Jaccard ratio TP / (TP + FP + FN) (F1 = 2J / (1 + J) is
  monotonic in J, so equal J is equal F1); its CI is the delta-method Wald interval of F1_B - F1_A.
"""
import json
import os

import mpmath
import numpy as np
from scipy import stats
from statsmodels.stats.proportion import proportions_ztest, confint_proportions_2indep
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

HERE = os.path.dirname(os.path.abspath(__file__))
mpmath.mp.dps = 40


def t_quantile_exact(p, df):
    """Student t quantile to 40 digits (mpmath). scipy 1.10's t.ppf (cdflib) is good to about 1e-9 relative only,
    so the tests hold the C# quantile to this value at 1e-12 and to scipy's at 1e-8."""
    p = mpmath.mpf(p)
    df = mpmath.mpf(df)

    def cdf(t):
        tail = mpmath.betainc(df / 2, mpmath.mpf(1) / 2, 0, df / (df + t * t), regularized=True) / 2
        return 1 - tail if t >= 0 else tail

    return float(mpmath.findroot(lambda t: cdf(t) - p, mpmath.mpf(float(stats.t.ppf(float(p), float(df))))))


def proportion_case(name, xa, na, xb, nb, alpha):
    z, p = proportions_ztest([xb, xa], [nb, na], value=0, alternative="two-sided")
    low, high = confint_proportions_2indep(xb, nb, xa, na, method="wald", compare="diff", alpha=alpha)
    return {"name": name, "xa": xa, "na": na, "xb": xb, "nb": nb, "alpha": alpha,
            "difference": xb / nb - xa / na, "z": float(z), "p": float(p), "ciLow": float(low), "ciHigh": float(high)}


def welch_case(name, a, b, alpha):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    t, p = stats.ttest_ind(b, a, equal_var=False)
    cm = CompareMeans(DescrStatsW(b), DescrStatsW(a))
    low, high = cm.tconfint_diff(alpha=alpha, alternative="two-sided", usevar="unequal")
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    q = t_quantile_exact(1 - alpha / 2, df)
    se = np.sqrt(va + vb)
    return {"name": name, "a": a.tolist(), "b": b.tolist(), "alpha": alpha,
            "ciLowExact": float(b.mean() - a.mean() - q * se), "ciHighExact": float(b.mean() - a.mean() + q * se),
            "meanA": float(a.mean()), "meanB": float(b.mean()), "varA": float(a.var(ddof=1)), "varB": float(b.var(ddof=1)),
            "difference": float(b.mean() - a.mean()), "t": float(t), "df": float(df), "p": float(p),
            "ciLow": float(low), "ciHigh": float(high)}


def f1_case(name, tpa, fpa, fna, tpb, fpb, fnb, alpha):
    ma, mb = tpa + fpa + fna, tpb + fpb + fnb
    z, p = proportions_ztest([tpb, tpa], [mb, ma], value=0, alternative="two-sided")
    ja, jb = tpa / ma, tpb / mb
    f1a, f1b = 2 * ja / (1 + ja), 2 * jb / (1 + jb)
    se = np.sqrt((2 / (1 + ja) ** 2) ** 2 * ja * (1 - ja) / ma + (2 / (1 + jb) ** 2) ** 2 * jb * (1 - jb) / mb)
    q = stats.norm.isf(alpha / 2)
    return {"name": name, "tpa": tpa, "fpa": fpa, "fna": fna, "tpb": tpb, "fpb": fpb, "fnb": fnb, "alpha": alpha,
            "f1a": f1a, "f1b": f1b, "difference": f1b - f1a, "z": float(z), "p": float(p),
            "ciLow": float(f1b - f1a - q * se), "ciHigh": float(f1b - f1a + q * se)}


def distribution_cases():
    rows = []
    for x in [-6.5, -3.0, -1.96, -0.5, 0.0, 0.3, 1.0, 2.5, 5.0]:
        rows.append({"kind": "normal_cdf", "x": x, "value": float(stats.norm.cdf(x))})
    for p in [1e-9, 0.001, 0.025, 0.05, 0.3, 0.5, 0.9, 0.975, 0.995]:
        rows.append({"kind": "normal_quantile", "x": p, "value": float(stats.norm.ppf(p))})
    for df in [1.0, 2.5, 7.0, 29.3, 150.0, 10000.0]:
        for t in [-4.0, -1.0, 0.0, 0.7, 2.1, 12.0]:
            rows.append({"kind": "t_cdf", "df": df, "x": t, "value": float(stats.t.cdf(t, df))})
        for p in [0.0005, 0.025, 0.05, 0.5, 0.9, 0.975, 0.995]:
            rows.append({"kind": "t_quantile", "df": df, "x": p, "value": float(stats.t.ppf(p, df)), "exact": t_quantile_exact(p, df)})
    return rows


def main():
    rng = np.random.default_rng(20261124)
    proportions = [
        proportion_case("clear B win", 410, 500, 455, 500, 0.05),
        proportion_case("no difference", 80, 100, 80, 100, 0.05),
        proportion_case("small samples", 7, 12, 10, 13, 0.05),
        proportion_case("unequal arms A better", 930, 1000, 170, 200, 0.05),
        proportion_case("alpha 0.01", 300, 400, 330, 400, 0.01),
        proportion_case("near zero rates", 2, 5000, 11, 4800, 0.05),
        proportion_case("alpha 0.1 large", 45120, 60000, 45500, 60000, 0.1),
    ]
    welch = [
        welch_case("latency B faster", rng.normal(120, 15, 60).round(3).tolist(), rng.normal(110, 25, 45).round(3).tolist(), 0.05),
        welch_case("small equal means", [10.0, 12.0, 9.5, 11.0], [10.5, 11.5, 10.0, 11.2, 9.8], 0.05),
        welch_case("skewed latencies", rng.lognormal(3.0, 0.6, 200).round(4).tolist(), rng.lognormal(3.05, 0.4, 150).round(4).tolist(), 0.05),
        welch_case("alpha 0.01", rng.normal(50, 5, 30).round(3).tolist(), rng.normal(53, 9, 35).round(3).tolist(), 0.01),
        welch_case("two each", [1.0, 3.0], [2.0, 7.0], 0.05),
    ]
    f1 = [
        f1_case("B better f1", 300, 60, 80, 340, 50, 50, 0.05),
        f1_case("same f1", 90, 10, 10, 90, 10, 10, 0.05),
        f1_case("A better f1 alpha 0.1", 45, 20, 15, 30, 25, 30, 0.1),
    ]
    out = {"generator": "make_reference.py", "scipy": __import__("scipy").__version__,
           "statsmodels": __import__("statsmodels").__version__,
           "proportions": proportions, "welch": welch, "f1": f1, "distributions": distribution_cases()}
    with open(os.path.join(HERE, "reference.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
