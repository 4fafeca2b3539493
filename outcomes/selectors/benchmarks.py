"""Benchmarking providers from accepted termly returns: one GROUP BY query, then statistics
over the grouped rows only (ADR 0006 says why each choice was made). The grouping is
outcomes.selectors.benchmark_groups; the statistics, outcomes.selectors.benchmark_stats.

The GROUP BY groups accepted returns on their placement alone (joining only the terms), which
PostgreSQL aggregates in parallel with no sort and no DISTINCT; it never reads the scores,
because each return keeps its mean progress and its counts of targets scored and met. A second,
plain query reads the placements' keys (provider, setting, need, lot, child, fee). numpy matches
the two, rolls the placements up to the groups (distinct children from the (group, child)
pairs), shrinks and ranks them, vectorised: no Python loop over returns or scores. Statistics
are floats rounded half up (to 3 places; attendance and targets-met percentages to 1, exclusion
days to 2); money is exact Decimal.

Definitions:
- Only ACCEPTED returns count. The unit is a child-term: one return.
- A group is a provider and setting (`by="setting"`; or the provider alone, `by="provider"`),
  the child's primary need (`placement.child.primary_need`) and the placement's lot;
  `by="need"` groups by need alone, `by="lot"` by lot and need.
- children: distinct children; returns: accepted returns (child-terms), the n of the interval.
- mean_progress: the mean of `TermlyReturn.mean_progress` over the group's returns (those
  with one) in the period (terms starting within it).
- targets_met_share: the share of the group's scored targets that met their target (0 to 1;
  `TermlyReturn.targets_met` over `targets_scored`).
- attendance_pct: the mean attendance; exclusion_days: the mean days of suspension (fixed-term exclusion) per
  child-term; permanent_exclusions: the returns recording a permanent exclusion.
- weekly_cost: the mean of the placement's `agreed_weekly` over the group's returns (Decimal
  pounds); progress_per_1000: mean_progress / (weekly_cost / 1000).
- Interval, shrinkage (with its weight and lower credible bound), rank and percentiles:
  outcomes.selectors.benchmark_stats. A group is ranked within its need on its lower credible
  bound, and only with MIN_CHILDREN_TO_RANK children or more (`rank` None otherwise).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np

from placements.models import Placement
from providers.choices import NeedCode
from providers.models import Lot, Provider, Setting

from .benchmark_groups import KEYS, NEED_CODES, grouped_figures
from .benchmark_stats import (
    percentiles,
    quartiles,
    ranks,
    scaled,
    shrink,
    unscaled,
)

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


PENNY = Decimal("0.01")


def benchmark_rows(*, keys: tuple[str, ...], **filters) -> list[dict]:
    """The groups' figures, shrunk and placed per need, computed over the grouped rows at once."""
    groups, col = grouped_figures(keys=keys, **filters)
    if not len(groups):
        return []
    need_index = groups[:, keys.index("need")]
    n, returns, total = col["progress_n"], col["returns"], col["progress_sum"]
    # Money stays exact: the mean fee in whole pence, rounded half up, from the summed pence.
    pence = (2 * col["cost_pence"].astype(np.int64) + returns.astype(np.int64)) // (
        2 * returns.astype(np.int64)
    )
    cost = [Decimal(p).scaleb(-2) for p in pence.tolist()]
    cost_pounds = pence / 100
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(n > 0, total / n, np.nan)
        spread = (col["progress_squares"] - total**2 / n) / (n - 1)
        own_s2 = np.where(n > 1, np.maximum(0.0, spread), np.nan)
        stats = shrink(mean, own_s2, n, need_index)
        share = np.where(col["scores"] > 0, col["met"] / col["scores"], np.nan)
        attending = col["attendance_n"]
        attendance = np.where(attending > 0, col["attendance_sum"] / attending, np.nan)
        per_1000 = np.where(cost_pounds > 0, mean / cost_pounds * 1000, np.nan)
    figures = {
        "mean_progress": (scaled(mean, 3), 1000),
        "lower": (scaled(stats.lower, 3), 1000),
        "upper": (scaled(stats.upper, 3), 1000),
        "shrunk": (scaled(stats.shrunk, 3), 1000),
        "shrinkage_weight": (scaled(stats.weight, 3), 1000),
        "credible_lower": (scaled(stats.credible_lower, 3), 1000),
        "targets_met_share": (scaled(share, 3), 1000),
        "targets_met_pct": (scaled(share * 100, 1), 10),
        "attendance_pct": (scaled(attendance, 1), 10),
        "exclusion_days": (scaled(col["exclusion_sum"] / returns, 2), 100),
        "progress_per_1000": (scaled(per_1000, 3), 1000),
    }
    out = {name: unscaled(values, scale) for name, (values, scale) in figures.items()}
    for metric in PERCENTILE_METRICS:
        figure = cost_pounds if metric == "weekly_cost" else figures[metric][0]
        placed = percentiles(figure, need_index).tolist()
        out[f"percentile_{metric}"] = [None if p < 0 else p for p in placed]
    out["weekly_cost"] = cost
    for name in ("returns", "children", "permanent_exclusions"):
        out[name] = col[name].astype(int).tolist()
    out["progress_returns"] = n.astype(int).tolist()
    ranked = ranks(figures["credible_lower"][0], col["children"], need_index)
    out["rank"] = [None if r < 0 else r for r in ranked.tolist()]
    # By need (in the order of its label): the ranked groups by rank, then the rest by their
    # lower credible bound, then by the shrunken estimate, then by the keys.
    label_rank = np.argsort(np.argsort([NeedCode(code).label for code in NEED_CODES]))
    order = np.lexsort(
        (
            *(groups[:, i] for i in reversed(range(len(keys)))),
            _descending(figures["shrunk"][0]),
            _descending(figures["credible_lower"][0]),
            ranked < 0,
            label_rank[need_index],
        )
    ).tolist()
    key_values = {name: groups[:, i].tolist() for i, name in enumerate(keys)}
    if "need" in key_values:
        key_values["need"] = [NEED_CODES[v] for v in key_values["need"]]
    names = [*keys, *out]
    values = [*key_values.values(), *out.values()]
    rows = [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]
    return [rows[i] for i in order]


def _descending(values: np.ndarray) -> np.ndarray:
    """A sort key putting the highest first and NaN last."""
    return np.where(np.isnan(values), np.inf, -values)


# Above this many ids a lookup reads the whole (bounded) table: binding tens of thousands of
# parameters costs more than reading the rows it leaves out.
LOOKUP_IN_LIMIT = 2000


def _named(model, ids: set, *fields: str) -> dict:
    rows = model.objects.all() if len(ids) > LOOKUP_IN_LIMIT else model.objects.filter(pk__in=ids)
    return {pk: rest for pk, *rest in rows.values_list("pk", *fields).order_by()}


def _label(rows: list[dict]) -> None:
    """Names for the ids: three lookups for the ids found, not joined into the GROUP BY."""
    ids = {key: {row.get(key) for row in rows} - {None} for key in KEYS}
    providers = {
        pk: (public_id, trading or legal)
        for pk, (public_id, legal, trading) in _named(
            Provider, ids["provider_id"], "public_id", "legal_name", "trading_name"
        ).items()
    }
    settings = _named(Setting, ids["setting_id"], "public_id", "name")
    lots = _named(Lot, ids["lot_id"], "kind", "name")
    labels = dict(NeedCode.choices)
    nothing = [None, None]
    for row in rows:
        provider_id = row.setdefault("provider_id", None)
        setting_id = row.setdefault("setting_id", None)
        lot_id = row.setdefault("lot_id", None)
        row["provider_public_id"], row["provider_name"] = providers.get(provider_id, nothing)
        row["setting_public_id"], row["setting_name"] = settings.get(setting_id, nothing)
        row["lot_kind"], row["lot_name"] = lots.get(lot_id, nothing)
        row["need_label"] = labels.get(row["need"], "")


def benchmark_table(
    *,
    consortium_id: int,
    by: str = "setting",
    need: str | None = None,
    lot_id: int | None = None,
    borough_ids: list[int] | None = None,
    period: tuple[date, date] | None = None,
) -> list[dict]:
    """One row per group (see the module docstring), by need: the ranked groups by rank, then
    the groups too small to rank, by their lower credible bound.

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
    return rows


def strong_providers(*, consortium_id: int, need: str, lot_id: int | None = None) -> list[dict]:
    """Settings for one need, ranked first (by rank), then those with too few children to rank:
    only groups with a progress figure."""
    rows = benchmark_table(consortium_id=consortium_id, by="setting", need=need, lot_id=lot_id)
    return [row for row in rows if row["shrunk"] is not None and row["children"] >= 1]


def outcome_records(*, consortium_id: int) -> list[dict]:
    """Each setting's benchmark per need over all lots: what is published for matching (only
    groups with an interval: a record always says how sure it is)."""
    rows = benchmark_rows(keys=GROUPINGS["record"], consortium_id=consortium_id)
    return [row for row in rows if row["shrunk"] is not None and row["lower"] is not None]


DISTRIBUTION_METRICS = (
    ("shrunk", 3),
    ("targets_met_share", 3),
    ("attendance_pct", 1),
    ("weekly_cost", 2),
)


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
