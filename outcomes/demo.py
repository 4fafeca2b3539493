"""Demo data for outcomes: an agreed framework, targets and terms of returns with a real spread.

Invented, like the placements demo it builds on: each setting gets a hidden quality per primary
need, so benchmarking finds strong and weak providers; each child's scores move by that quality
plus noise. Everything goes through the services as the consortium admin, the boroughs'
commissioners and the providers' users would, with emails muted; only the dates are moved into
the past afterwards. Deterministic (one seeded random.Random), idempotent (a second run finds the
framework and stops) and all or nothing. Runs after placements.demo.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from boroughs.choices import Role
from boroughs.models import Consortium, User
from placements.models import Placement, national_curriculum_year
from placements.notifications import muted

from .choices import PFA_FROM_YEAR, PfaPathway, ReturnStatus, Scale
from .models import FrameworkVersion, Indicator, OutcomeTarget, Term, TermlyReturn
from .services.benchmarks import outcome_records_refresh
from .services.framework import (
    framework_version_agree,
    framework_version_create,
    framework_version_sign_off,
)
from .services.returns import return_accept, return_query, return_submit
from .services.returns_beat import returns_flag_overdue
from .services.targets import target_set
from .services.terms import terms_ensure

SEED = 2019  # the year the consortium agreed its first outcomes framework

# The area-of-need indicator that fits each primary need; two Preparing for Adulthood ones join it.
NEED_INDICATOR = {
    "ASD": "communication",
    "SLCN": "communication",
    "SEMH": "regulation",
    "MLD": "literacy-numeracy",
    "SLD": "literacy-numeracy",
    "PMLD": "literacy-numeracy",
    "SPLD": "literacy-numeracy",
    "PD": "mobility",
    "HI": "mobility",
    "VI": "mobility",
    "MSI": "mobility",
    "OTH": "regulation",
}
PFA_INDICATORS = ["work-skills", "learning-progress", "self-care", "travel", "friendships"]
OUTCOMES = {
    "communication": "Asks for help and makes choices using words, signs or a communication aid",
    "regulation": "Recognises rising anxiety and uses an agreed strategy to stay regulated",
    "literacy-numeracy": "Reads and uses numbers in everyday tasks such as shopping and timetables",
    "mobility": "Moves around the site and the community safely with the right equipment",
    "work-skills": "Takes part in a weekly work placement and follows its routines",
    "learning-progress": "Completes an accredited course at the right level",
    "self-care": "Prepares a simple meal and manages personal care with little prompting",
    "travel": "Travels a familiar route independently",
    "friendships": "Joins a club or activity outside school and keeps in touch with a friend",
}
QUERIES = [
    "The evidence for the communication outcome describes last term. Please update it.",
    "Attendance does not match the figure in the annual review. Please check it.",
]


def seed_demo(*, seed: int = SEED, today: date | None = None) -> dict:
    """Seed the outcomes demo once; returns counts of what it holds."""
    with transaction.atomic(), muted():
        consortium = Consortium.objects.get(slug="south-london")
        if not FrameworkVersion.objects.filter(consortium=consortium).exists():
            _seed(random.Random(seed), consortium, today or timezone.localdate())  # noqa: S311
    return summary()


def summary() -> dict:
    counts = TermlyReturn.objects.aggregate(
        returns=Count("pk"), accepted=Count("pk", filter=Q(status=ReturnStatus.ACCEPTED))
    )
    return {"targets": OutcomeTarget.objects.count(), **counts}


def _seed(rng: random.Random, consortium: Consortium, today: date) -> None:
    version = _agreed_framework(consortium)
    placements = list(
        Placement.objects.filter(borough__consortium=consortium, status="active")
        .select_related("child", "borough", "provider", "setting")
        .order_by("pk")
    )
    if not placements:
        return
    first = min(p.starts_on for p in placements)
    for year in range(first.year - 1, today.year + 1):
        terms_ensure(consortium=consortium, academic_year=year)
    terms = [t for t in Term.objects.filter(consortium=consortium) if t.ends_on < today]
    indicators = {i.code: i for i in Indicator.objects.filter(domain__version=version)}
    people = _people(consortium, placements)
    quality = _Quality(rng)
    for placement in placements:
        _placement_history(rng, placement, terms, indicators, people, quality, today)
    returns_flag_overdue(on=today)
    outcome_records_refresh(consortium_id=consortium.pk)


def _agreed_framework(consortium: Consortium) -> FrameworkVersion:
    admin = User.objects.get(email="admin@example.org")
    version = framework_version_create(actor=admin, consortium=consortium)
    signers = {}
    for user in User.objects.filter(
        borough__consortium=consortium, role_assignments__role=Role.COMMISSIONER
    ).order_by("pk"):
        signers.setdefault(user.borough_id, user)
    for user in signers.values():
        framework_version_sign_off(actor=user, version=version)
    for user in User.objects.filter(provider_membership__isnull=False).order_by("pk")[:2]:
        framework_version_sign_off(actor=user, version=version)
    return framework_version_agree(actor=admin, version=version)


def _people(consortium: Consortium, placements: list[Placement]) -> dict:
    """A commissioner per borough and a user per provider, to act as them."""
    commissioners: dict[int, User] = {}
    for user in User.objects.filter(
        borough__consortium=consortium, role_assignments__role=Role.COMMISSIONER
    ).order_by("pk"):
        commissioners.setdefault(user.borough_id, user)
    providers: dict[int, User] = {}
    for user in User.objects.filter(
        provider_membership__provider_id__in={p.provider_id for p in placements}
    ).select_related("provider_membership"):
        providers.setdefault(user.provider_membership.provider_id, user)
    return {"commissioners": commissioners, "providers": providers}


class _Quality:
    """A hidden quality per setting and need: the mean step a term its children's scores take."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.setting: dict[int, float] = {}
        self.need: dict[tuple[int, str], float] = defaultdict(float)

    def of(self, setting_id: int, need: str) -> float:
        if setting_id not in self.setting:
            self.setting[setting_id] = self.rng.gauss(0.35, 0.35)
        if (setting_id, need) not in self.need:
            self.need[setting_id, need] = self.rng.gauss(0, 0.25)
        return self.setting[setting_id] + self.need[setting_id, need]


def _placement_history(rng, placement, terms, indicators, people, quality, today) -> None:
    commissioner = people["commissioners"].get(placement.borough_id)
    provider_user = people["providers"].get(placement.provider_id)
    if commissioner is None or provider_user is None:
        return
    child = placement.child
    codes = [NEED_INDICATOR.get(child.primary_need, "regulation"), *rng.sample(PFA_INDICATORS, 2)]
    start_year = (
        placement.starts_on.year if placement.starts_on.month >= 9 else placement.starts_on.year - 1
    )
    targets = [
        target_set(
            actor=commissioner,
            placement=placement,
            indicator=indicators[code],
            outcome=OUTCOMES[code],
            baseline=-2 if indicators[code].scale == Scale.GOAL_ATTAINMENT else rng.choice([1, 2]),
            target=0 if indicators[code].scale == Scale.GOAL_ATTAINMENT else 4,
            target_date=max(date(start_year + 2, 7, 31), today + timedelta(days=180)),
        )
        for code in codes
    ]
    mean_step = quality.of(placement.setting_id, child.primary_need)
    scores = {t.pk: t.baseline for t in targets}
    attendance = 92 + 6 * mean_step
    due = [t for t in terms if t.ends_on >= placement.starts_on]
    for position, term in enumerate(due):
        latest = position == len(due) - 1
        if latest and rng.random() < 0.15:
            continue  # not in yet: the beat job flags it overdue
        for target in targets:
            low, high = target.indicator.score_range
            step = round(mean_step + rng.gauss(0, 0.6))
            scores[target.pk] = min(high, max(low, scores[target.pk] + step))
        attendance = min(100.0, max(45.0, attendance + rng.gauss(0, 2.5)))
        weak = mean_step < 0.1
        year = national_curriculum_year(child.date_of_birth, term.starts_on)
        day = term.returns_due_on - timedelta(days=rng.randint(-6, 20))
        submitted = return_submit(
            actor=provider_user,
            placement=placement,
            term=term,
            scores=[
                {
                    "target": target,
                    "score": scores[target.pk],
                    "evidence": "Observed in class and at the termly review; see the IEP log.",
                }
                for target in targets
            ],
            attendance_pct=Decimal(str(round(attendance, 1))),
            fixed_term_exclusion_days=Decimal(rng.choice([1, 2, 3]))
            if rng.random() < (0.2 if weak else 0.04)
            else Decimal("0"),
            serious_incidents=rng.choice([0, 0, 1, 2]) if weak else rng.choice([0, 0, 0, 1]),
            pfa_pathway=_pathway(rng, year),
            summary="A settled term with steady progress on most outcomes.",
            on=day,
        )
        if latest and rng.random() < 0.3:
            if rng.random() < 0.4:
                return_query(
                    actor=commissioner, termly_return=submitted, reason=rng.choice(QUERIES)
                )
            # else waiting for the commissioner; a queried one waits for the provider's correction
        else:
            return_accept(actor=commissioner, termly_return=submitted)
        _stamp(submitted, day, rng)


def _pathway(rng: random.Random, year: int) -> str:
    if year < PFA_FROM_YEAR:
        return ""
    if year < 12:
        return PfaPathway.EDUCATION
    return rng.choice(
        [
            PfaPathway.EDUCATION,
            PfaPathway.EDUCATION,
            PfaPathway.SUPPORTED_INTERNSHIP,
            PfaPathway.APPRENTICESHIP,
            PfaPathway.EMPLOYMENT,
            PfaPathway.INDEPENDENT_LIVING,
        ]
    )


def _stamp(termly_return: TermlyReturn, day: date, rng: random.Random) -> None:
    """Move the submission to the day the history says it came in, and the decision to days after."""
    at = timezone.make_aware(datetime.combine(day, time(10, rng.randint(0, 59))))
    decided = at + timedelta(days=rng.randint(2, 12))
    TermlyReturn.objects.filter(pk=termly_return.pk).update(
        submitted_at=at,
        created_at=at,
        decided_at=decided if termly_return.decided_at else None,
    )
    termly_return.events.filter(from_status="").update(at=at)
    termly_return.events.exclude(from_status="").update(at=decided)
