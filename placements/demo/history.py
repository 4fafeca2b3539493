"""Three years of requests, each taken from draft to how it ends through placements.services,
as the borough's commissioner and the providers' users would; only the dates are moved into
the past afterwards (see stamps)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from boroughs.choices import StrandKind
from boroughs.geo import Location, distance_km
from boroughs.models import User
from providers.choices import LotKind
from providers.models import Lot

from .. import services
from ..choices import NotMetReason, PhaseTransfer, Provision
from ..choices import RequestStatus as R
from ..matching import age_on
from ..models import Child, PlacementRequest, RequestInvitation, national_curriculum_year
from ..standard.demo import answers as standard_answers
from . import afterwards, decisions, responses
from .children import Queues, plan_issued
from .data import CARE_AWARDED, NOT_AWARDED, PHASES, SEND_AWARDED, WEEKS, apportion
from .dates import at
from .run import Run
from .settings import Site, with_vacancy
from .stamps import Timeline
from .words import CARE_TEXT, COMMUNICATION, COMPATIBILITY, NEEDS_TEXT, RISKS

# Days ago that requests still under way were made; none today, so nothing happens after now.
RECENT = {R.DRAFT: (1, 6), R.OPEN: (4, 10), R.EVALUATING: (20, 30)}
LOOK_AHEAD = 20  # children of the borough tried for each request


def build(run: Run, children: Queues) -> None:
    """Work through the plan, each request for the next child of its borough that fits."""
    for prefix, strand, outcome in _plan(children):
        queue = children[(prefix, strand)]
        for index, (child, home) in enumerate(queue[:LOOK_AHEAD]):
            if _request(run, child, home, strand, outcome):
                del queue[index]
                break
    run.stamps.apply()


def _plan(children: Queues) -> list[tuple[str, str, str]]:
    """(borough prefix, strand, outcome) of every request: SEND awards shared by children."""
    send = {key[0]: len(queue) for key, queue in children.items() if key[1] == StrandKind.SEND}
    plan = []
    for prefix, count in apportion(SEND_AWARDED, send).items():
        plan += [(prefix, StrandKind.SEND, R.AWARDED)] * count
    for prefix, count in CARE_AWARDED.items():
        plan += [(prefix, StrandKind.CARE, R.AWARDED)] * count
    for strand, outcomes in NOT_AWARDED.items():
        for outcome, prefixes in outcomes.items():
            plan += [(prefix, strand, outcome) for prefix in prefixes.split()]
    return plan


def _request(run: Run, child: Child, home: Location, strand: str, outcome: str) -> bool:
    """Take one request for `child` to `outcome`; False if nothing on the DPS fits them."""
    stage = run.rng.choice([R.DRAFT, R.OPEN, R.EVALUATING]) if outcome == R.CANCELLED else outcome
    t = timeline(run, strand, outcome, stage)
    lot, residential, fits = _lot(run, strand, child, age_on(child.date_of_birth, t.start))
    free = [] if stage == R.DRAFT else with_vacancy(fits)  # a draft invites nobody
    if lot is None or (stage != R.DRAFT and not free):
        return False
    actor = run.commissioners[child.borough_id]
    fields = _fields(run, child, lot, residential, t, fits, stage)
    placement_request = services.request_create(actor=actor, child=child, **fields)
    placement_request.strand = lot.dps.strand  # matching reads it: spare it a query
    if stage != R.DRAFT:
        invitations = _invite(run, actor, placement_request, home, free, outcome)
        responses.answer(run, placement_request, invitations, t, outcome)
    placement = decisions.decide(run, actor, placement_request, t, outcome, stage)
    run.stamps.requests[placement_request.pk] = t
    _known_before(run, child, t.created)
    if placement is not None:
        afterwards.follow(run, actor, placement, child, home, t)
    return True


def _known_before(run: Run, child: Child, moment: datetime) -> None:
    """A child is recorded, and their EHC plan issued, before a request is made for them."""
    if child.created_at > moment:
        child.created_at = moment - timedelta(days=run.rng.randint(7, 60))
        run.stamps.children[child.pk] = child
    if child.ehcp_issued_on and child.ehcp_issued_on > child.created_at.date():
        earliest = child.date_of_birth + timedelta(days=2 * 365)
        issued = child.created_at.date() - timedelta(days=run.rng.randint(20, 400))
        plan_issued(child, max(issued, earliest), run.today)
        run.stamps.children[child.pk] = child


# --- When ---------------------------------------------------------------------------------


def timeline(run: Run, strand: str, outcome: str, stage: str) -> Timeline:
    """When the request's steps happen, up to `stage` (where a cancelled request stopped)."""
    rng = run.rng
    created = _created_on(run, strand, outcome)
    start = created + timedelta(days=rng.randint(50, 100))
    if strand == StrandKind.SEND and created.month <= 7 and rng.random() < 0.5:
        start = max(date(created.year, 9, 1), created + timedelta(days=45))  # September intake
    t = Timeline(created=at(rng, created), start=start)
    if stage != R.DRAFT:
        _opened(run, t, outcome, stage)
    elif outcome == R.CANCELLED:
        t.decided = t.created + timedelta(days=rng.randint(3, 20))
    return t


def _created_on(run: Run, strand: str, outcome: str) -> date:
    if outcome in RECENT:
        return run.today - timedelta(days=run.rng.randint(*RECENT[outcome]))
    # Within the last three years and the strand's DPS.
    kind = LotKind.ISS_DAY if strand == StrandKind.SEND else LotKind.FOSTERING
    earliest = max(run.lots[kind].dps.starts_on, run.today - timedelta(days=3 * 365))
    return earliest + timedelta(days=run.rng.randint(0, (run.today - earliest).days - 45))


def _opened(run: Run, t: Timeline, outcome: str, stage: str) -> None:
    rng, today = run.rng, run.today
    t.opened = t.created + timedelta(days=rng.randint(1, 2), hours=rng.randint(0, 3))
    t.deadline = t.opened.date() + timedelta(days=rng.randint(10, 14))
    if outcome == R.OPEN:
        t.deadline = today + timedelta(days=rng.randint(4, 12))
    elif stage == R.OPEN:  # cancelled before offers closed
        t.decided = t.opened + timedelta(days=rng.randint(3, 8))
    else:
        if outcome == R.EVALUATING:
            t.deadline = today - timedelta(days=rng.randint(2, 6))
        t.closed = at(rng, t.deadline + timedelta(days=1), hour=6)  # the daily sweep
        if outcome != R.EVALUATING:
            t.decided = t.closed + timedelta(days=rng.randint(2, 6), hours=rng.randint(2, 8))


# --- What is asked for --------------------------------------------------------------------


def _lot(run: Run, strand: str, child: Child, age: int) -> tuple[Lot | None, bool, list[Site]]:
    """The lot the commissioner would buy on, and the settings on it that fit the child."""
    need = None if strand == StrandKind.CARE else child.primary_need
    for kind, residential in _lot_options(run, strand, age):
        lot = run.lots[kind]
        fits = [s for s in run.sites if s.fits(lot, need, age, child.sex, residential)]
        if fits:
            return lot, residential, fits
    return None, False, []


def _lot_options(run: Run, strand: str, age: int) -> list[tuple[str, bool]]:
    """The lots to try in turn, each with whether the place is residential."""
    rng = run.rng
    if strand == StrandKind.CARE:
        if age >= 16 and rng.random() < 0.6:
            kind = LotKind.SUPPORTED_ACCOMMODATION
        else:
            kind = LotKind.FOSTERING if rng.random() < 0.75 else LotKind.CHILDRENS_HOME
        return [(kind, True), (LotKind.FOSTERING, True)]
    options = []
    if age >= 16 and rng.random() < 0.6:
        options.append((LotKind.POST_16, False))
    if rng.random() < 0.12:
        options.append((rng.choice([LotKind.ISS_RESIDENTIAL_38, LotKind.ISS_RESIDENTIAL_52]), True))
    return [*options, (LotKind.ISS_DAY, False)]


def _fields(run: Run, child, lot, residential, t: Timeline, fits, stage) -> dict:
    """The request as the commissioner writes it; some drafts are half written."""
    rng = run.rng
    year = national_curriculum_year(child.date_of_birth, t.start)
    phase = PHASES.get(year, PhaseTransfer.NONE) if t.start.month == 9 else PhaseTransfer.NONE
    complete = stage != R.DRAFT or rng.random() < 0.5
    return {
        "lot": lot,
        "required_start_on": t.start,
        "provision": Provision.RESIDENTIAL if residential else Provision.DAY,
        "weeks_per_year": WEEKS.get(lot.kind, 52),
        **_about_the_child(run, child, lot),
        "budget_ceiling_weekly": _budget(run, lot, fits),
        # Offers must be due in the future when invitations go out; back-dated afterwards.
        "response_deadline": run.today + timedelta(days=14) if complete else None,
        "mainstream_considered": complete,
        "in_borough_considered": complete,
        "not_met_reasons": _not_met_reasons(run, residential) if complete else [],
        "phase_transfer": phase,
        "transfer_on": t.start if phase else None,
    }


def _about_the_child(run: Run, child: Child, lot: Lot) -> dict:
    if lot.dps.strand.kind == StrandKind.CARE:
        summary = CARE_TEXT.get(lot.kind, CARE_TEXT[LotKind.FOSTERING])
    else:
        summary = NEEDS_TEXT[child.primary_need]
    about = {
        "needs_summary": summary,
        "risks": run.rng.choice(RISKS),
        "communication": run.rng.choice(COMMUNICATION),
        "compatibility": run.rng.choice(COMPATIBILITY),
    }
    if lot.dps.strand.kind == StrandKind.CARE:
        about["standard"] = standard_answers(child.pk, lot.kind)
    return about


def _budget(run: Run, lot: Lot, fits: list[Site]):
    """Most commissioners set a budget: the middle ceiling of the settings that fit."""
    ceilings = sorted(site.ceilings[lot.pk] for site in fits)
    return ceilings[len(ceilings) // 2] if run.rng.random() < 0.6 else None


def _not_met_reasons(run: Run, residential: bool) -> list[str]:
    reasons = [NotMetReason.NEEDS_EXCEED_MAINSTREAM, NotMetReason.NO_LOCAL_PLACE]
    reasons += [NotMetReason.WAKING_DAY] if residential else [NotMetReason.SPECIALIST_THERAPY]
    return run.rng.sample(reasons, run.rng.randint(1, 2))


# --- Who is asked -------------------------------------------------------------------------


def _invite(
    run: Run,
    actor: User,
    placement_request: PlacementRequest,
    home: Location,
    free: list[Site],
    outcome,
) -> list[RequestInvitation]:
    """Invite the nearest few settings with a vacancy (and, for open requests, the demo
    provider's too, so its user has invitations to answer)."""
    nearest = sorted(free, key=lambda site: distance_km(home, site.home))
    chosen = nearest[: run.rng.randint(3, 5)]
    if outcome == R.OPEN:
        rest = nearest[len(chosen) :]
        chosen += [site for site in rest if site.provider_id == run.demo_provider_id][:2]
    invitations = services.request_invite(
        actor=actor, placement_request=placement_request, setting_ids=[site.pk for site in chosen]
    )
    by_pk = {site.pk: site for site in chosen}
    for invitation in invitations:
        site = by_pk[invitation.setting_id]
        run.stamps.distances[invitation.pk] = distance_km(home, site.home)
    return invitations
