"""Benchmarking providers from accepted termly returns: two GROUP BY queries, then statistics
over the grouped rows only (ADR 0006 says why each choice was made).

Definitions:
- Only ACCEPTED returns count. The unit is a child-term: one return.
- A group is a provider and setting (`by="setting"`; or the provider alone, `by="provider"`),
  the child's primary need (`placement.child.primary_need`) and the placement's lot;
  `by="need"` groups by need alone, `by="lot"` by lot and need.
- children: distinct children; returns: accepted returns (child-terms), the n of the interval.
- mean_progress: the mean of `TermlyReturn.mean_progress` over the group's returns (those
  with one) in the period (terms starting within it).
- targets_met_share: the mean of `TargetScore.met` over the group's scores (0 to 1).
- attendance_pct: the mean attendance; exclusion_days: the mean fixed-term exclusion days per
  child-term; permanent_exclusions: the returns recording a permanent exclusion.
- weekly_cost: the mean of the placement's `agreed_weekly` over the group's returns (Decimal
  pounds); progress_per_1000: mean_progress / (weekly_cost / 1000).
- Interval (95%): mean +/- 1.96 * sqrt(s2 / n), n the group's returns with a progress figure,
  s2 the group's own sample variance when n > 1, else the need's pooled within-group variance
  (None when no group of the need has two returns: nothing to estimate a variance from).
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
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum

from placements.models import Placement
from providers.choices import NeedCode
from providers.models import Lot, Provider, Setting

from ..choices import ReturnStatus
from ..models import TargetScore, TermlyReturn

Z_95 = 1.96
KEYS = {
    "provider_id": "placement__provider_id",
    "setting_id": "placement__setting_id",
    "need": "placement__child__primary_need",
    "lot_id": "placement__lot_id",
}
GROUPINGS = {
    "setting": ("provider_id", "setting_id", "need", "lot_id"),
    "provider": ("provider_id", "need", "lot_id"),
    "need": ("need",),
    "lot": ("lot_id", "need"),
    # What is published to providers for matching: each setting per need, over all its lots.
    "record": ("provider_id", "setting_id", "need"),
}
BY_CHOICES = (
    ("setting", "Setting"),
    ("provider", "Provider"),
    ("need", "Need"),
    ("lot", "Lot"),
)
PERCENTILE_METRICS = (
    "mean_progress",
    "shrunk",
    "targets_met_share",
    "attendance_pct",
    "weekly_cost",
    "progress_per_1000",
)
SQUARES = DecimalField(max_digits=20, decimal_places=6)
PENNY = Decimal("0.01")


def accepted_returns(
    *,
    consortium_id: int,
    need: str | None = None,
    lot_id: int | None = None,
    borough_ids: list[int] | None = None,
    period: tuple[date, date] | None = None,
    provider_id: int | None = None,
    prefix: str = "",
) -> Q:
    """The filter on accepted returns (reached through `prefix`, e.g. "termly_return__")."""
    f = {"status": ReturnStatus.ACCEPTED, "term__consortium_id": consortium_id}
    if need:
        f["placement__child__primary_need"] = need
    if lot_id:
        f["placement__lot_id"] = lot_id
    if borough_ids is not None:
        f["placement__borough_id__in"] = list(borough_ids)
    if period:
        f["term__starts_on__range"] = period
    if provider_id:
        f["placement__provider_id"] = provider_id
    return Q(**{f"{prefix}{key}": value for key, value in f.items()})


FIGURES = (
    "returns",
    "children",
    "progress_n",
    "progress_sum",
    "progress_squares",
    "attendance_n",
    "attendance_sum",
    "exclusion_sum",
    "permanent_exclusions",
    "cost_sum",
)


def grouped_figures(*, keys: tuple[str, ...], **filters) -> tuple[list[tuple], dict]:
    """The two GROUP BY queries: per-return sums as tuples (keys, then FIGURES), and the
    scores' (count, met) by group key."""
    by_return = {name: F(KEYS[name]) for name in keys}
    returns = (
        TermlyReturn.objects.filter(accepted_returns(**filters))
        .values(**by_return)
        .annotate(
            returns=Count("pk"),
            children=Count("placement__child_id", distinct=True),
            progress_n=Count("mean_progress"),
            progress_sum=Sum("mean_progress"),
            progress_squares=Sum(
                ExpressionWrapper(F("mean_progress") * F("mean_progress"), output_field=SQUARES)
            ),
            attendance_n=Count("attendance_pct"),
            attendance_sum=Sum("attendance_pct"),
            exclusion_sum=Sum("fixed_term_exclusion_days"),
            permanent_exclusions=Count("pk", filter=Q(permanently_excluded=True)),
            cost_sum=Sum("placement__agreed_weekly"),
        )
        .values_list(*keys, *FIGURES)
        .order_by()
    )
    by_score = {name: F(f"termly_return__{KEYS[name]}") for name in keys}
    scores = (
        TargetScore.objects.filter(accepted_returns(prefix="termly_return__", **filters))
        .values(**by_score)
        .annotate(scores=Count("pk"), met_count=Count("pk", filter=Q(met=True)))
        .values_list(*keys, "scores", "met_count")
        .order_by()
    )
    width = len(keys)
    return list(returns), {row[:width]: row[width:] for row in scores}


def _floats(column) -> np.ndarray:
    return np.array([np.nan if v is None else float(v) for v in column], dtype=float)


def _scaled(values: np.ndarray, digits: int) -> np.ndarray:
    """Rounded half up (away from zero) to `digits` places, as integers (NaN stays NaN)."""
    return np.sign(values) * np.floor(np.abs(values) * 10**digits + 0.5)


def _shrink(mean, own_s2, n, need_index) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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
        if degrees or not np.isnan(s2_own).all():
            half = Z_95 * np.sqrt(np.where(np.isnan(s2_own), s2, s2_own) / sizes)
            known = ~np.isnan(s2_own) | bool(degrees)
            lower[group] = np.where(known, means - half, np.nan)
            upper[group] = np.where(known, means + half, np.nan)
    return shrunk, lower, upper


def _percentiles(scaled: np.ndarray, need_index: np.ndarray) -> np.ndarray:
    """Each group's percentile among the groups of its need with a figure (-1: none)."""
    placed = np.full(len(scaled), -1, dtype=np.int64)
    for need in np.unique(need_index):
        group = np.flatnonzero((need_index == need) & ~np.isnan(scaled))
        last = len(group) - 1
        if last < 1:
            continue
        values = scaled[group]
        ordered = np.sort(values)
        below = np.searchsorted(ordered, values, "left")
        ties = np.searchsorted(ordered, values, "right") - below - 1
        # 100 * (below + ties / 2) / last, rounded half up, in integers.
        placed[group] = (2 * 100 * (2 * below + ties) + 2 * last) // (4 * last)
    return placed


def _none(values: np.ndarray, scale: int) -> list:
    """Scaled integers back to rounded floats, with None for NaN."""
    return [None if v != v else v / scale + 0.0 for v in values.tolist()]  # + 0.0: no -0.0


def percentile_of(value: float, values: list[float]) -> int | None:
    """Where `value` sits among `values` (which hold it), 0 to 100; None when it stands alone."""
    placed = _percentiles(np.array(values, dtype=float), np.zeros(len(values), dtype=int))
    found = placed[values.index(value)]
    return None if found < 0 else int(found)


def benchmark_rows(*, keys: tuple[str, ...], **filters) -> list[dict]:
    """The groups' figures, shrunk and placed per need, computed over the grouped rows at once."""
    rows, scores = grouped_figures(keys=keys, **filters)
    if not rows:
        return []
    width = len(keys)
    columns = dict(zip(FIGURES, zip(*(row[width:] for row in rows), strict=True), strict=True))
    group_keys = [row[:width] for row in rows]
    needs = [row[keys.index("need")] for row in rows]
    _codes, need_index = np.unique(needs, return_inverse=True)
    n = np.array(columns["progress_n"], dtype=float)
    returns = np.array(columns["returns"], dtype=float)
    total, squares = _floats(columns["progress_sum"]), _floats(columns["progress_squares"])
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(n > 0, total / n, np.nan)
        own_s2 = np.where(n > 1, np.maximum(0.0, (squares - total**2 / n) / (n - 1)), np.nan)
        shrunk, lower, upper = _shrink(mean, own_s2, n, need_index)
        # Money stays exact: the mean fee in pence, rounded half up, from the exact sum.
        pence = [int(total_cost * 100) for total_cost in columns["cost_sum"]]
        cost = [
            Decimal((2 * p + r) // (2 * r)).scaleb(-2)
            for p, r in zip(pence, columns["returns"], strict=True)
        ]
        cost_float = np.array([float(c) for c in cost])
        met = np.array([scores.get(k, (0, 0)) for k in group_keys], dtype=float)
        share = np.where(met[:, 0] > 0, met[:, 1] / met[:, 0], np.nan)
        attendance = _floats(columns["attendance_sum"]) / np.array(columns["attendance_n"])
        exclusions = _floats(columns["exclusion_sum"]) / returns
        per_1000 = np.where(cost_float > 0, mean / cost_float * 1000, np.nan)
    figures = {
        "mean_progress": (_scaled(mean, 3), 1000),
        "lower": (_scaled(lower, 3), 1000),
        "upper": (_scaled(upper, 3), 1000),
        "shrunk": (_scaled(shrunk, 3), 1000),
        "targets_met_share": (_scaled(share, 3), 1000),
        "targets_met_pct": (_scaled(share * 100, 1), 10),
        "attendance_pct": (_scaled(attendance, 1), 10),
        "exclusion_days": (_scaled(exclusions, 2), 100),
        "progress_per_1000": (_scaled(per_1000, 3), 1000),
    }
    out = {name: _none(values, scale) for name, (values, scale) in figures.items()}
    for metric in PERCENTILE_METRICS:
        scaled = figures[metric][0] if metric != "weekly_cost" else cost_float
        placed = _percentiles(scaled, need_index).tolist()
        out[f"percentile_{metric}"] = [None if p < 0 else p for p in placed]
    out["weekly_cost"] = cost
    for name in ("returns", "children", "permanent_exclusions"):
        out[name] = list(columns[name])
    out["progress_returns"] = list(columns["progress_n"])
    names = [*keys, *out]
    values = [*zip(*group_keys, strict=True), *out.values()]
    return [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]


def _label(rows: list[dict]) -> None:
    """Names for the ids: three lookups for the ids found, not joined into the GROUP BY."""
    ids = {key: {row.get(key) for row in rows} - {None} for key in KEYS}
    providers = {
        pk: (public_id, trading or legal)
        for pk, public_id, legal, trading in Provider.objects.filter(
            pk__in=ids["provider_id"]
        ).values_list("pk", "public_id", "legal_name", "trading_name")
    }
    settings = {
        pk: (public_id, name)
        for pk, public_id, name in Setting.objects.filter(pk__in=ids["setting_id"]).values_list(
            "pk", "public_id", "name"
        )
    }
    lots = {
        pk: (kind, name)
        for pk, kind, name in Lot.objects.filter(pk__in=ids["lot_id"]).values_list(
            "pk", "kind", "name"
        )
    }
    labels = dict(NeedCode.choices)
    nothing = (None, None)
    for row in rows:
        provider_id = row.setdefault("provider_id", None)
        setting_id = row.setdefault("setting_id", None)
        lot_id = row.setdefault("lot_id", None)
        row["provider_public_id"], row["provider_name"] = providers.get(provider_id, nothing)
        row["setting_public_id"], row["setting_name"] = settings.get(setting_id, nothing)
        row["lot_kind"], row["lot_name"] = lots.get(lot_id, nothing)
        row["need_label"] = labels.get(row["need"], "")


def _rank_key(row: dict):
    shrunk = row["shrunk"]
    return (
        row["need_label"],
        shrunk is None,
        -(shrunk or 0),
        row["provider_name"] or "",
        row["setting_name"] or "",
        row["lot_name"] or "",
    )


def benchmark_table(
    *,
    consortium_id: int,
    by: str = "setting",
    need: str | None = None,
    lot_id: int | None = None,
    borough_ids: list[int] | None = None,
    period: tuple[date, date] | None = None,
) -> list[dict]:
    """One row per group (see the module docstring), by need, best shrunken estimate first.

    `by` is setting, provider, need or lot; keys the grouping does not use are None.
    `borough_ids` limits the returns to placements those boroughs made (None: the consortium).
    """
    if by not in dict(BY_CHOICES):
        raise ValueError(f"by must be one of {', '.join(dict(BY_CHOICES))}")
    rows = benchmark_rows(
        keys=GROUPINGS[by],
        consortium_id=consortium_id,
        need=need,
        lot_id=lot_id,
        borough_ids=borough_ids,
        period=period,
    )
    _label(rows)
    return sorted(rows, key=_rank_key)


def strong_providers(*, consortium_id: int, need: str, lot_id: int | None = None) -> list[dict]:
    """Settings for one need, best shrunken estimate first: only groups with a progress figure."""
    rows = benchmark_table(consortium_id=consortium_id, by="setting", need=need, lot_id=lot_id)
    return [row for row in rows if row["shrunk"] is not None and row["children"] >= 1]


def outcome_records(*, consortium_id: int) -> list[dict]:
    """Each setting's benchmark per need over all lots: what is published for matching (only
    groups with an interval: a record always says how sure it is)."""
    rows = benchmark_rows(keys=GROUPINGS["record"], consortium_id=consortium_id)
    return [row for row in rows if row["shrunk"] is not None and row["lower"] is not None]


# --- A provider's own benchmark -------------------------------------------------------------

# Below this many groups for a need, the distribution is withheld: with two or three groups its
# quartiles would all but name the other providers' figures.
DISTRIBUTION_MIN_GROUPS = 5
DISTRIBUTION_METRICS = (
    ("shrunk", 3),
    ("targets_met_share", 3),
    ("attendance_pct", 1),
    ("weekly_cost", 2),
)


def quartiles(values: list[Decimal], digits: int) -> dict | None:
    """The lower quartile, median and upper quartile (inclusive method), or None if too few."""
    if len(values) < DISTRIBUTION_MIN_GROUPS:
        return None
    cut = statistics.quantiles(sorted(values), n=4, method="inclusive")
    places = Decimal(10) ** -digits
    q1, median, q3 = (Decimal(q).quantize(places, rounding=ROUND_HALF_UP) for q in cut)
    return {"q1": q1, "median": median, "q3": q3}


def provider_consortia(provider_id: int) -> list[int]:
    """The consortia whose boroughs have placed children with the provider."""
    found = Placement.objects.filter(provider_id=provider_id)
    return sorted(set(found.values_list("borough__consortium_id", flat=True)))


def provider_benchmark(
    *, consortium_id: int, provider_id: int, period: tuple[date, date] | None = None
) -> dict:
    """A provider's own settings against the consortium's anonymised distribution.

    `rows`: its own groups (setting, need and lot), with their percentiles among all the
    consortium's groups of the need. `distribution`: for each need it has rows in, how many
    groups there are and the quartiles of each metric across them, withheld (None) below
    DISTRIBUTION_MIN_GROUPS. No other provider's name, id or row leaves this function.
    """
    table = benchmark_table(consortium_id=consortium_id, by="setting", period=period)
    own = [row for row in table if row["provider_id"] == provider_id]
    distribution = []
    for need in dict.fromkeys(row["need"] for row in own):
        groups = [row for row in table if row["need"] == need]
        entry = {"need": need, "need_label": NeedCode(need).label, "groups": len(groups)}
        for metric, digits in DISTRIBUTION_METRICS:
            values = [row[metric] for row in groups if row[metric] is not None]
            entry[metric] = quartiles(values, digits)
        entry["shown"] = entry["shrunk"] is not None
        distribution.append(entry)
    return {"rows": own, "distribution": distribution}
