"""The grouping behind benchmarks (outcomes.selectors.benchmarks): the per-placement rows read
from accepted returns and their placements' keys, rolled up to the groups with numpy. ADR 0006
says why each choice was made."""

from __future__ import annotations

import math
from datetime import date

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

from ..choices import ReturnStatus
from ..models import TermlyReturn

KEYS = {
    "provider_id": "placement__provider_id",
    "setting_id": "placement__setting_id",
    "need": "placement__child__primary_need",
    "lot_id": "placement__lot_id",
}


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
