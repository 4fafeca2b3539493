"""The statistics benchmarking puts on grouped figures: shrinkage, intervals, percentiles and
quartiles, vectorised with numpy over every group at once (ADR 0006 says why each was chosen).

Arrays hold one entry per group; `need_index` says which need each group is of, since every
statistic is taken among the groups of the same need.

- Interval (95%): mean +/- 1.96 * sqrt(s2 / n), n the group's returns with a progress figure,
  s2 the larger of the group's own sample variance (when n > 1) and the need's pooled
  within-group variance, so a few identical returns never give a zero-width interval (None
  when no group of the need has two returns: nothing to estimate a variance from).
- Shrinkage (empirical Bayes, per need across its groups, method of moments): mu = the mean of
  the group means weighted by n (the need's mean over all its returns); s2 = the pooled
  within-group variance, sum((n_g - 1) * s2_g) / sum(n_g - 1) (0 when no group has two
  returns); tau2 = max(0, sample variance of the group means (unweighted, G - 1) - mean over
  groups of s2 / n_g); B_g = tau2 / (tau2 + s2 / n_g) (0 when tau2 is 0); shrunk = mu + B_g *
  (mean_g - mu). With tau2 = 0 every group shrinks to mu; a lone group keeps its own mean.
- Percentile of a metric: among the groups of the same need with a figure, 100 * (groups below
  + half the other groups equal) / (groups - 1), rounded half up; None for a lone group. A
  higher cost is a higher percentile: it places a figure, it does not judge it.
"""

from __future__ import annotations

import statistics
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

Z_95 = 1.96
# Below this many groups for a need, the distribution is withheld: with two or three groups its
# quartiles would all but name the other providers' figures.
DISTRIBUTION_MIN_GROUPS = 5


def scaled(values: np.ndarray, digits: int) -> np.ndarray:
    """Rounded half up (away from zero) to `digits` places, as integers (NaN stays NaN)."""
    return np.sign(values) * np.floor(np.abs(values) * 10**digits + 0.5)


def shrink(mean, own_s2, n, need_index) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The shrunken estimate and the 95% interval of each group (see the module docstring)."""
    shrunk, lower, upper = (np.full(len(n), np.nan) for _ in range(3))
    for need in np.unique(need_index):
        group = (need_index == need) & (n > 0)
        if not group.any():
            continue
        sizes, means, s2_own = n[group], mean[group], own_s2[group]
        mu = (means * sizes).sum() / sizes.sum()
        degrees = (sizes - 1).sum()
        s2 = np.nansum(s2_own * (sizes - 1)) / degrees if degrees else 0.0
        tau2 = 0.0
        if len(means) > 1:
            tau2 = max(0.0, means.var(ddof=1) - (s2 / sizes).mean())
        weight = tau2 / (tau2 + s2 / sizes) if tau2 > 0 else np.zeros(len(sizes))
        shrunk[group] = mu + weight * (means - mu)
        # With no group of the need holding two returns there is no variance to use.
        if degrees:
            half = Z_95 * np.sqrt(np.fmax(s2_own, s2) / sizes)  # fmax: NaN gives way to s2
            lower[group], upper[group] = means - half, means + half
    return shrunk, lower, upper


def percentiles(figures: np.ndarray, need_index: np.ndarray) -> np.ndarray:
    """Each group's percentile among the groups of its need with a figure (-1: none)."""
    placed = np.full(len(figures), -1, dtype=np.int64)
    for need in np.unique(need_index):
        group = np.flatnonzero((need_index == need) & ~np.isnan(figures))
        last = len(group) - 1
        if last < 1:
            continue
        values = figures[group]
        ordered = np.sort(values)
        below = np.searchsorted(ordered, values, "left")
        ties = np.searchsorted(ordered, values, "right") - below - 1
        # 100 * (below + ties / 2) / last, rounded half up, in integers.
        placed[group] = (2 * 100 * (2 * below + ties) + 2 * last) // (4 * last)
    return placed


def unscaled(values: np.ndarray, scale: int) -> list:
    """Scaled integers back to rounded floats, with None for NaN."""
    return [None if v != v else v / scale + 0.0 for v in values.tolist()]  # + 0.0: no -0.0


def quartiles(values: list[Decimal], digits: int) -> dict | None:
    """The lower quartile, median and upper quartile (inclusive method), or None if too few."""
    if len(values) < DISTRIBUTION_MIN_GROUPS:
        return None
    cut = statistics.quantiles(sorted(values), n=4, method="inclusive")
    places = Decimal(10) ** -digits
    q1, median, q3 = (Decimal(q).quantize(places, rounding=ROUND_HALF_UP) for q in cut)
    return {"q1": q1, "median": median, "q3": q3}
