"""Outcomes rows for the national-scale database: framework, terms, targets, termly returns and
about 3,000,000 target scores (scale 1.0) for the placements bench/national_scale.py made.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python bench/national_scale.py --outcomes-only [--scale 1.0]

Called at the end of a full generation, or on its own (`--outcomes-only`) for a database whose
placements are already loaded. Reads the placements back in one query, so it needs nothing of
the generator's memory. Each setting has a made-up quality, so benchmarks differ by setting:
every term a target's score moves by a step drawn around it (Goal Attainment Scaling, -2 to
+2). Returns cover every term a placement was active in (from autumn 2023), mostly accepted;
an overdue return has no scores. A return's `mean_progress`, `targets_scored` and
`targets_met`, each score's `met` and the target's `latest_score` follow the scores, as the
services would keep them.
"""

from __future__ import annotations

import random
import time
from array import array
from datetime import UTC, date, datetime
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from boroughs.models import Consortium, User
from outcomes.choices import PfaPathway, Scale, VersionStatus
from outcomes.defaults import DEFAULT_DOMAINS, RATING_DESCRIPTORS, default_terms
from outcomes.models import (
    Domain,
    FrameworkVersion,
    Indicator,
    OutcomeTarget,
    TargetScore,
    Term,
    TermlyReturn,
)
from placements.models import Placement
from providers.models import OutcomeRecord

NATIONAL_SCORES = 3_000_000
FIRST_YEAR = 2023  # returns from autumn 2023: three school years and a term
STATUSES = {"accepted": 88, "submitted": 5, "queried": 2, "overdue": 5}
STEPS = (-1, 0, 1, 2)
PATHWAYS = [code for code, _label in PfaPathway.choices]
# Tables this module writes, children before parents (for --reset); the records come from
# publishing the benchmarks (outcomes_bench.py --publish).
OUTCOME_TABLES = (OutcomeRecord, TargetScore, TermlyReturn, OutcomeTarget, Term, Indicator)
OUTCOME_TABLES += (Domain, FrameworkVersion)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=UTC)


class OutcomesWorld:
    """Generates the outcomes tables from the placements in the database."""

    def __init__(self, load, *, scale: float, seed: int):
        self.load, self.rng = load, random.Random(seed + 1)
        self.scores_wanted = max(1, round(NATIONAL_SCORES * scale))
        self.today = timezone.localdate()

    def timed(self, label: str, rows: int, started: float) -> None:
        self.load.timings[label] = (rows, time.perf_counter() - started)

    def run(self, consortium: Consortium) -> None:
        started = time.perf_counter()
        self.user = User.objects.filter(borough__consortium=consortium).order_by("pk").first()
        self.framework(consortium)
        self.terms(consortium)
        self.timed("framework and terms (ORM)", len(self.term_rows), started)
        self.placements = list(
            Placement.objects.filter(borough__consortium=consortium)
            .order_by("pk")
            .values_list("pk", "setting_id", "starts_on", "ends_on", "created_by_id")
        )
        self.plan()
        self.targets()
        self.returns_and_scores()

    def framework(self, consortium: Consortium) -> None:
        self.version = FrameworkVersion.objects.create(
            consortium=consortium,
            number=1,
            title="National outcomes framework",
            status=VersionStatus.AGREED,
            created_by=self.user,
            agreed_by=self.user,
            agreed_at=timezone.now(),
        )
        self.indicators = []
        for order, (code, name, kind, indicators) in enumerate(DEFAULT_DOMAINS):
            domain = Domain.objects.create(
                version=self.version, code=code, name=name, kind=kind, order=order
            )
            for i_order, (i_code, i_name, scale) in enumerate(indicators):
                indicator = Indicator.objects.create(
                    domain=domain,
                    code=i_code,
                    name=i_name,
                    scale=scale,
                    descriptors=RATING_DESCRIPTORS if scale == Scale.RATING else {},
                    order=i_order,
                )
                if scale == Scale.GOAL_ATTAINMENT:
                    self.indicators.append(indicator.pk)

    def terms(self, consortium: Consortium) -> None:
        self.term_rows = []
        for year in range(FIRST_YEAR, self.today.year + 1):
            for name, starts, ends, due in default_terms(year):
                if starts > self.today:
                    continue
                term = Term.objects.create(
                    consortium=consortium,
                    academic_year=year,
                    name=name,
                    starts_on=starts,
                    ends_on=ends,
                    returns_due_on=due,
                )
                self.term_rows.append((term.pk, starts, ends, due))

    def plan(self) -> None:
        """Terms per placement, then targets per placement so the scores come to the total."""
        rng = self.rng
        self.spans, self.target_counts = [], array("B")
        self.quality = {}
        scored = 0
        for _pk, setting, starts, ends, _user in self.placements:
            span = [
                i
                for i, (_t, t_starts, t_ends, _due) in enumerate(self.term_rows)
                if starts <= t_ends and (ends is None or ends >= t_starts)
            ]
            self.spans.append(span)
            scored += len(span)
            self.quality.setdefault(setting, max(-0.7, min(0.7, rng.gauss(0, 0.35))))
        per_return = self.scores_wanted / max(1, scored * (1 - STATUSES["overdue"] / 100))
        owed = 0.0  # error diffusion: each placement's targets make up for the last's rounding
        for span in self.spans:
            owed += per_return * len(span) if span else 0
            count = min(8, max(1, round(owed / len(span)))) if span else 0
            owed -= count * len(span)
            self.target_counts.append(count)

    def targets(self) -> None:
        rng, first = self.rng, self.load.next_id(OutcomeTarget)
        self.first_target = first
        self.baselines = array("b")

        def rows():
            pk = first
            for (placement, _setting, starts, _ends, user), count in zip(
                self.placements, self.target_counts, strict=True
            ):
                for _ in range(count):
                    baseline = rng.choice((-2, -2, -1))
                    self.baselines.append(baseline)
                    yield {
                        "id": pk,
                        "placement_id": placement,
                        "indicator_id": rng.choice(self.indicators),
                        "outcome": "Made-up outcome from the EHC plan",
                        "baseline": baseline,
                        "target": min(2, baseline + 2),
                        "target_date": date(self.today.year + 1, 7, 31),
                        "set_by_id": user,
                        "set_at": _at(starts),
                    }
                    pk += 1

        self.load.write(OutcomeTarget, rows(), sum(self.target_counts))

    def returns_and_scores(self) -> None:
        first = self.load.next_id(TermlyReturn)
        scores = (array("Q"), array("Q"), array("b"), array("b"))  # return, target, score, before

        def rows():
            pk, target = first, self.first_target
            for (placement, setting, _s, _e, _u), span, count in zip(
                self.placements, self.spans, self.target_counts, strict=True
            ):
                baselines = [self.baselines[target - self.first_target + i] for i in range(count)]
                current = list(baselines)
                for term_index in span:
                    status = self.pick_status()
                    progress, met = [], 0
                    if status != "overdue":
                        for i in range(count):
                            step = self.step(setting)
                            new = max(-2, min(2, current[i] + step))
                            progress.append(new - current[i])
                            met += new >= min(2, baselines[i] + 2)
                            current[i] = new
                            for column, value in zip(
                                scores, (pk, target + i, new, new - progress[-1]), strict=True
                            ):
                                column.append(value)
                    yield self.return_row(pk, placement, term_index, status, progress, met)
                    pk += 1
                target += count

        self.load.write(TermlyReturn, rows(), sum(len(span) for span in self.spans))
        self.write_scores(scores)

    def pick_status(self) -> str:
        return self.rng.choices(tuple(STATUSES), weights=tuple(STATUSES.values()))[0]

    def step(self, setting: int) -> int:
        """A term's move on the scale: better settings move their children further."""
        drift = self.quality[setting]
        return self.rng.choices(STEPS, weights=(1, 4 - drift * 4, 3 + drift * 4, 1 + drift))[0]

    def return_row(self, pk, placement, term_index, status, progress, met) -> dict:
        rng = self.rng
        term, starts, _ends, due = self.term_rows[term_index]
        submitted = status != "overdue"
        mean = Decimal(sum(progress)) / len(progress) if progress else None
        return {
            "id": pk,
            "placement_id": placement,
            "term_id": term,
            "framework_version_id": self.version.pk,
            "status": status,
            "late": submitted and rng.random() < 0.1,
            "attendance_pct": Decimal(f"{rng.uniform(70, 100):.1f}") if submitted else None,
            "fixed_term_exclusion_days": Decimal(rng.choice((0, 0, 0, 0, 0, 1, 2))),
            "permanently_excluded": rng.random() < 0.002,
            "serious_incidents": rng.choice((0, 0, 0, 1)),
            "pfa_pathway": rng.choice(PATHWAYS),
            "summary": "",
            "mean_progress": None if mean is None else mean.quantize(Decimal("0.001")),
            "targets_scored": len(progress),
            "targets_met": met,
            "submitted_by_id": None,
            "submitted_at": _at(due) if submitted else None,
            "decided_at": _at(due) if status == "accepted" else None,
            "created_at": _at(starts),
        }

    def write_scores(self, scores) -> None:
        first, baselines = self.first_target, self.baselines
        rows = (
            {
                "termly_return_id": termly_return,
                "target_id": target,
                "score": score,
                "evidence": "Seen in class",
                "progress": score - before,
                "met": score >= min(2, baselines[target - first] + 2),
            }
            for termly_return, target, score, before in zip(*scores, strict=True)
        )
        self.load.write(TargetScore, rows, len(scores[0]))
        started = time.perf_counter()
        # The latest score per target, as the services keep it: one pass in SQL.
        with connection.cursor() as cursor:
            cursor.execute(LATEST_SCORE_SQL[connection.vendor == "postgresql"])
        self.timed("targets' latest scores (UPDATE)", len(baselines), started)


LATEST_SCORE_SQL = {
    True: """
        UPDATE outcomes_outcometarget t SET latest_score = s.score
        FROM (
            SELECT DISTINCT ON (target_id) target_id, score
            FROM outcomes_targetscore ORDER BY target_id, termly_return_id DESC
        ) s WHERE s.target_id = t.id
    """,
    False: """
        UPDATE outcomes_outcometarget SET latest_score = (
            SELECT score FROM outcomes_targetscore s
            WHERE s.target_id = outcomes_outcometarget.id
            ORDER BY s.termly_return_id DESC LIMIT 1
        )
    """,
}


def generate_outcomes(load, *, consortium: Consortium, scale: float, seed: int) -> None:
    """Adds the outcomes tables for `consortium`'s placements through `load` (a Loader)."""
    OutcomesWorld(load, scale=scale, seed=seed).run(consortium)
