"""Benchmarking providers from accepted termly returns: one GROUP BY query, then statistics
over the grouped rows only (ADR 0006 says why each choice was made).

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

import math
from datetime import date
from decimal import Decimal

import numpy as np
from django.db import connection
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Round

from placements.models import Placement
from providers.choices import NeedCode
from providers.models import Lot, Provider, Setting

from ..choices import ReturnStatus
from ..models import TermlyReturn
from .benchmark_stats import (
    percentiles,
    quartiles,
    ranks,
    scaled,
    shrink,
    unscaled,
)

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
PENNY = Decimal("0.01")


def _placements(
    *,
    need: str | None = None,
    lot_id: int | None = None,
    borough_ids: list[int] | None = None,
    provider_id: int | None = None,
    prefix: str = "",
) -> dict:
    """The filters on the placement, reached through `prefix` ("placement__" from a return)."""
    place = {
        "child__primary_need": need,
        "lot_id": lot_id,
        "borough_id__in": None if borough_ids is None else list(borough_ids),
        "provider_id": provider_id,
    }
    return {f"{prefix}{key}": value for key, value in place.items() if value is not None}


FIGURES = (
    "returns",
    "progress_n",
    "progress_sum",
    "progress_squares",
    "attendance_n",
    "attendance_sum",
    "exclusion_sum",
    "permanent_exclusions",
    "scores",
    "met",
    "cost_pence",
)
FLOAT = FloatField()
KEY_COLUMNS = ("provider_id", "setting_id", "need", "lot_id", "child_id")
NEED_CODES = list(NeedCode.values)


def _need_index():
    """The child's primary need as its index in NEED_CODES, so every column is a number."""
    whens = [When(child__primary_need=code, then=Value(i)) for i, code in enumerate(NEED_CODES)]
    return Case(*whens, output_field=IntegerField())


def _per_placement(
    *, consortium_id: int, period: tuple[date, date] | None = None, **place
) -> np.ndarray:
    """Each placement's keys (KEY_COLUMNS) and its accepted returns' sums (FIGURES), from two
    queries: the returns grouped on their placement alone (PostgreSQL aggregates them in
    parallel, joining nothing but the terms), and the keys of the consortium's placements. Each
    return carries its own mean progress and counts of targets scored and met, so the scores
    are never read."""
    accepted = {"status": ReturnStatus.ACCEPTED, "term__consortium_id": consortium_id}
    if period:
        accepted["term__starts_on__range"] = period

    def floated(name):
        return Cast(name, FLOAT)

    sums = (
        TermlyReturn.objects.filter(**accepted, **_placements(prefix="placement__", **place))
        .values("placement_id")
        .annotate(
            returns_n=Count("pk"),
            progress_n=Count("mean_progress"),
            progress_sum=Sum(floated("mean_progress")),
            progress_squares=Sum(floated("mean_progress") * floated("mean_progress")),
            attendance_n=Count("attendance_pct"),
            attendance_sum=Sum(floated("attendance_pct")),
            exclusion_sum=Sum(floated("fixed_term_exclusion_days")),
            permanent_exclusions=Count("pk", filter=Q(permanently_excluded=True)),
            scores=Sum("targets_scored"),
            met=Sum("targets_met"),
        )
        .values_list("placement_id", "returns_n", *FIGURES[1:-1])
        .order_by()
    )
    keys = (
        Placement.objects.filter(borough__consortium_id=consortium_id, **_placements(**place))
        .annotate(
            need=_need_index(),
            # The fee in whole pence, so money stays exact through the sums.
            pence=Cast(Round(F("agreed_weekly") * 100), BigIntegerField()),
        )
        .values_list("pk", *KEY_COLUMNS, "pence")
        .order_by("pk")
    )
    sums, keys = _numbers(sums), _numbers(keys)
    if not len(sums) or not len(keys):
        return np.zeros((0, 1 + len(KEY_COLUMNS) + len(FIGURES)))
    # Each summed placement's row of keys, found by bisection (the keys are in id order).
    placed = keys[np.searchsorted(keys[:, 0], sums[:, 0]).clip(0, len(keys) - 1)]
    found = placed[:, 0] == sums[:, 0]
    placed, sums = placed[found], sums[found]
    cost = placed[:, -1:] * sums[:, 1:2]  # the fee once per return
    return np.hstack([placed[:, :-1], sums[:, 1:], cost])


def _numbers(queryset) -> np.ndarray:
    """A values_list query's rows as a float array, in its own column order, fetched without
    Django's per-value converters (every column is a number; NULL becomes NaN)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        selected = [column[0] for column in cursor.description]
    order = [selected.index(name) for name in queryset._fields]
    return np.array(rows, dtype=float).reshape(-1, len(selected))[:, order]


def _unique_rows(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`np.unique(table, axis=0, return_inverse=True)` for non-negative ints, several times
    faster: each row packed into one int64 (mixed radix, so the order is the same) when the
    columns' ranges allow it."""
    if not len(table):
        return table, np.zeros(0, dtype=np.int64)
    spans = [int(v) + 1 for v in table.max(axis=0)]
    if table.min() < 0 or math.prod(spans) >= 2**63:
        found, inverse = np.unique(table, axis=0, return_inverse=True)
        return found, inverse.reshape(-1)
    packed = np.zeros(len(table), dtype=np.int64)
    for column, span in enumerate(spans):
        packed = packed * span + table[:, column]
    _, first, inverse = np.unique(packed, return_index=True, return_inverse=True)
    return table[first], inverse.reshape(-1)


def grouped_figures(*, keys: tuple[str, ...], **filters) -> tuple[np.ndarray, dict]:
    """Each group's key (a row of ints, the need as its NEED_CODES index) and its figures
    (FIGURES and `children`), rolled up from the per-placement rows with numpy (vectorised: no
    per-row Python)."""
    table = _per_placement(**filters)
    if not len(table):
        return np.zeros((0, len(keys)), dtype=np.int64), {}
    key_table = table[:, 1 : 1 + len(KEY_COLUMNS)].astype(np.int64)
    chosen = [KEY_COLUMNS.index(name) for name in keys]
    groups, group_of = _unique_rows(key_table[:, chosen])
    size = len(groups)
    sums = np.nan_to_num(table[:, 1 + len(KEY_COLUMNS) :])
    columns = {
        name: np.bincount(group_of, weights=sums[:, i], minlength=size)
        for i, name in enumerate(FIGURES)
    }
    pairs, _ = _unique_rows(np.column_stack([group_of, key_table[:, 4]]))
    columns["children"] = np.bincount(pairs[:, 0], minlength=size)
    return groups, columns


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


# --- A provider's own benchmark -------------------------------------------------------------

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
