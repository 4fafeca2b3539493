"""The statistics benchmarking puts on grouped figures: shrinkage, intervals, ranks, percentiles
and quartiles, vectorised with numpy over every group at once (ADR 0006 says why each was
chosen).

Arrays hold one entry per group; `need_index` says which need each group is of, since every
statistic is taken among the groups of the same need. n_g is the group's returns with a progress
figure, m_g their mean, s2_g their sample variance (when n_g > 1).

- Each group's variance: s2_g* = (K * s2 + (n_g - 1) * s2_g) / (K + n_g - 1), with s2 the need's
  pooled within-group variance, sum((n_g - 1) * s2_g) / sum(n_g - 1), and K = VARIANCE_PRIOR_DF:
  the group's own spread, pulled toward the need's as if the pooled variance were K more
  returns, so two returns that happen to agree do not claim a tiny variance and a big group that
  varies more than its need keeps most of its own. v_g = s2_g* / n_g is the variance of m_g.
- Interval (95%): m_g +/- 1.96 * sqrt(v_g) (None when no group of the need has two returns:
  nothing to estimate a variance from).
- Between-group variance tau2 (DerSimonian and Laird): with weights w_g = 1 / v_g, the
  precision-weighted mean mu_w and Q = sum(w_g * (m_g - mu_w)^2), tau2 = max(0, (Q - (G - 1)) /
  (sum(w) - sum(w^2) / sum(w))). A small group far out has a small weight, so it cannot inflate
  tau2 the way it did the unweighted variance of the means.
- Shrinkage (empirical Bayes, normal-normal): mu = sum(u_g * m_g) / sum(u_g), u_g = 1 / (v_g +
  tau2); the shrinkage weight B_g = tau2 / (tau2 + v_g); shrunk = mu + B_g * (m_g - mu); its
  posterior sd = sqrt(B_g * v_g + (1 - B_g)^2 / sum(u)) (the second term: mu is estimated too).
  With tau2 = 0 every group shrinks to mu (B_g = 0); a lone group keeps its own mean.
- Lower credible bound: shrunk - 1.645 * sd, the posterior's 5th percentile: the progress we
  are 95% sure the group makes, given everything the need's groups show. Ranks use it.
- Rank: among the groups of a need with a lower credible bound and at least MIN_CHILDREN_TO_RANK
  children, 1 + the groups with a higher bound (ties share a rank); none for the others.
- Percentile of a metric: among the groups of the same need with a figure, 100 * (groups below
  + half the other groups equal) / (groups - 1), rounded half up; None for a lone group. A
  higher cost is a higher percentile: it places a figure, it does not judge it.
"""

from __future__ import annotations

import statistics
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

import numpy as np

Z_95 = 1.96
# One-sided: 95% of the posterior lies above shrunk - Z_ONE_SIDED_95 * sd.
Z_ONE_SIDED_95 = 1.645
# How many returns' worth of the need's pooled variance each group's own variance is pulled by.
VARIANCE_PRIOR_DF = 4
# Below this many children a group is shown but not ranked: however well they did, a handful of
# children is not evidence that a setting is better than one with forty.
MIN_CHILDREN_TO_RANK = 5
# Below this many groups for a need, the distribution is withheld: with two or three groups its
# quartiles would all but name the other providers' figures.
DISTRIBUTION_MIN_GROUPS = 5


class Shrunk(NamedTuple):
    """Per group (NaN where there is no figure): see the module docstring."""

    shrunk: np.ndarray
    weight: np.ndarray  # B_g, how much of the group's own difference from mu is kept
    sd: np.ndarray  # the posterior sd of `shrunk`
    credible_lower: np.ndarray  # shrunk - 1.645 sd: what groups are ranked on
    lower: np.ndarray  # the 95% interval of the group's own mean
    upper: np.ndarray


def scaled(values: np.ndarray, digits: int) -> np.ndarray:
    """Rounded half up (away from zero) to `digits` places, as integers (NaN stays NaN)."""
    return np.sign(values) * np.floor(np.abs(values) * 10**digits + 0.5)


def group_variances(own_s2, n, need_index) -> np.ndarray:
    """Each group's variance, its own pulled toward its need's pooled one (NaN: none to use)."""
    s2 = np.full(len(n), np.nan)
    for need in np.unique(need_index):
        group = (need_index == need) & (n > 0)
        degrees = (n[group] - 1).sum()
        if not degrees:
            continue  # no group of the need has two returns
        pooled = np.nansum(own_s2[group] * (n[group] - 1)) / degrees
        own = np.nan_to_num(own_s2[group]) * (n[group] - 1)  # NaN only where n_g = 1
        s2[group] = (VARIANCE_PRIOR_DF * pooled + own) / (VARIANCE_PRIOR_DF + n[group] - 1)
    return s2


def between_variance(means: np.ndarray, variances: np.ndarray) -> float:
    """tau2 by DerSimonian and Laird (0 for a lone group or no spread beyond chance)."""
    if len(means) < 2:
        return 0.0
    w = 1 / variances
    centre = (w * means).sum() / w.sum()
    q = (w * (means - centre) ** 2).sum()
    scale = w.sum() - (w**2).sum() / w.sum()
    return max(0.0, (q - (len(means) - 1)) / scale) if scale > 0 else 0.0


def shrink(mean, own_s2, n, need_index) -> Shrunk:
    """Each group's shrunken estimate, its weight, posterior sd, lower credible bound and the
    95% interval of its own mean (see the module docstring)."""
    out = Shrunk(*(np.full(len(n), np.nan) for _ in Shrunk._fields))
    variance = group_variances(own_s2, n, need_index) / np.where(n > 0, n, np.nan)
    for need in np.unique(need_index):
        group = (need_index == need) & (n > 0)
        if not group.any():
            continue
        means, v = mean[group], variance[group]
        if not (v > 0).all():
            # No variance to weigh the groups by: each keeps its own mean, unranked.
            out.shrunk[group] = means
            continue
        tau2 = between_variance(means, v)
        u = 1 / (v + tau2)
        mu = (u * means).sum() / u.sum()
        weight = tau2 / (tau2 + v)
        out.shrunk[group] = mu + weight * (means - mu)
        out.weight[group] = weight
        out.sd[group] = np.sqrt(weight * v + (1 - weight) ** 2 / u.sum())
        half = Z_95 * np.sqrt(v)
        out.lower[group], out.upper[group] = means - half, means + half
    out.credible_lower[:] = out.shrunk - Z_ONE_SIDED_95 * out.sd
    return out


def ranks(bound: np.ndarray, children: np.ndarray, need_index: np.ndarray) -> np.ndarray:
    """Each group's rank within its need on `bound` (1 the highest; ties share one), among the
    groups with a bound and MIN_CHILDREN_TO_RANK children or more (-1: not ranked)."""
    ranked = np.full(len(bound), -1, dtype=np.int64)
    eligible = ~np.isnan(bound) & (children >= MIN_CHILDREN_TO_RANK)
    for need in np.unique(need_index):
        group = np.flatnonzero((need_index == need) & eligible)
        if not len(group):
            continue
        ordered = np.sort(-bound[group])
        ranked[group] = 1 + np.searchsorted(ordered, -bound[group], "left")
    return ranked


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
