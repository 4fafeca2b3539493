"""The builders' contract with the report runs, and the stand-in run the builder tests share.

`FakeRun` has exactly the attributes a ReportRun gives a builder, so these tests need nothing of
the reports models: a builder that reached for anything else would fail here.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from boroughs.models import Borough, Consortium, Strand, StrandMembership
from commissioning.reports.builders import BUILDERS, BuildResult
from placements.models import Placement

KINDS = {
    "savings_summary",
    "benchmarking",
    "benchmarking_csv",
    "dps_activity",
    "placements_extract",
    "ocds",
    "payments_compliance",
    "payments_over_30000",
    "placements_standard",
    "placements_standard_csv",
}


@dataclass
class FakeRun:
    """What a builder may read of a ReportRun, and nothing else."""

    kind: str
    consortium: Consortium
    period_start: date
    period_end: date
    scope: str = "consortium"
    strand_id: int | None = None
    borough_id: int | None = None
    requested_at: datetime = field(default_factory=timezone.now)
    requested_by: object | None = None

    @property
    def consortium_id(self) -> int:
        return self.consortium.pk

    def scope_borough_ids(self) -> list[int]:
        if self.scope == "borough":
            return [self.borough_id]
        if self.scope == "strand":
            memberships = StrandMembership.objects.filter(strand_id=self.strand_id)
            return sorted(memberships.values_list("borough_id", flat=True))
        return sorted(
            Borough.objects.filter(consortium=self.consortium).values_list("pk", flat=True)
        )

    def scope_label(self) -> str:
        if self.scope == "borough":
            return Borough.objects.get(pk=self.borough_id).name
        if self.scope == "strand":
            return Strand.objects.get(pk=self.strand_id).name
        return self.consortium.name


def financial_year_of(day: date) -> tuple[date, date]:
    start = day.year if day.month >= 4 else day.year - 1
    return date(start, 4, 1), date(start + 1, 3, 31)


def run_for(kind: str, consortium, *, period=None, **scope) -> FakeRun:
    """A run over the financial year of today + 60 days (when the `placement` fixture starts)."""
    start, end = period or financial_year_of(timezone.localdate() + timedelta(days=60))
    return FakeRun(kind=kind, consortium=consortium, period_start=start, period_end=end, **scope)


class Progress:
    """Records what a builder reports as it goes."""

    def __init__(self):
        self.calls: list[tuple[int, str]] = []

    def __call__(self, percent: int, message: str) -> None:
        self.calls.append((percent, message))

    @property
    def percents(self) -> list[int]:
        return [percent for percent, _ in self.calls]


def build(kind: str, run: FakeRun, tmp_path) -> tuple[BuildResult, object, Progress]:
    progress = Progress()
    path = tmp_path / f"{kind}.out"
    result = BUILDERS[kind].build(run=run, path=path, progress=progress)
    assert path.exists() and path.stat().st_size > 0
    assert progress.percents == sorted(progress.percents) and progress.percents[-1] == 100
    return result, path, progress


def placement_at(setting, child, actor, *, agreed: str, starts_on: date, **fields) -> Placement:
    """A placement recorded directly (the award journey is tested in tests/placements)."""
    enrolment = setting.enrolments.get()
    return Placement.objects.create(
        borough=child.borough,
        child=child,
        setting=setting,
        provider=setting.provider,
        lot=enrolment.lot,
        weeks_per_year=fields.pop("weeks_per_year", 38),
        starts_on=starts_on,
        agreed_weekly=Decimal(agreed),
        ceiling_weekly=fields.pop("ceiling_weekly", enrolment.price.weekly_ceiling),
        created_by=actor,
        **fields,
    )


def test_there_is_a_builder_for_every_kind_of_report():
    assert set(BUILDERS) == KINDS


def test_importing_the_builders_touches_no_database():
    """The task module imports the registry at start-up, before any database is ready."""
    script = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'commissioning.settings');"
        "django.setup();"
        "from django.db import connection;"
        "connection.ensure_connection = lambda: (_ for _ in ()).throw(AssertionError('db'));"
        "import commissioning.reports.builders as b;"
        "[__import__('commissioning.reports.builders.' + m) for m in "
        "('savings', 'benchmarking', 'dps_activity', 'placements_extract', 'ocds')];"
        "print(sorted(b.BUILDERS))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=_env(), check=False
    )
    assert done.returncode == 0, done.stderr
    assert "savings_summary" in done.stdout


def _env() -> dict:
    import os

    return {**os.environ, "DEBUG": "true"}


def test_a_build_result_cannot_be_changed_after_it_is_made():
    result = BuildResult(filename="a.pdf", content_type="application/pdf")
    with pytest.raises(AttributeError):
        result.filename = "b.pdf"  # type: ignore[misc]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_names_a_builder_its_module_defines(kind):
    entry = BUILDERS[kind]
    builder = getattr(
        importlib.import_module(f"commissioning.reports.builders.{entry.module}"), entry.attr
    )
    assert callable(builder.build)
