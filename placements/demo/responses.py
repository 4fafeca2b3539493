"""Providers answer their invitations through placements.services: most offer, some decline,
some never reply; a few ask the borough a question first."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from boroughs.models import User

from .. import services
from ..choices import DeclineReason
from ..choices import RequestStatus as R
from ..models import PlacementRequest, RequestInvitation
from .data import CARE_SHARES, SHARES, split
from .dates import at
from .run import Run
from .stamps import Timeline
from .words import CONDITIONS, DECLINE_NOTES, QUESTIONS

WITHDRAWN_BECAUSE = "The place has been offered to another child."


def answer(
    run: Run,
    placement_request: PlacementRequest,
    invitations: list[RequestInvitation],
    t: Timeline,
    outcome: str,
) -> None:
    """Each provider answers by the deadline; now and then an offer is withdrawn afterwards."""
    rng = run.rng
    until = min(
        at(rng, t.deadline, hour=17),
        at(rng, run.today - timedelta(days=1), hour=17),
        t.decided or t.opened + timedelta(days=30),
    )
    kinds = _kinds(run, invitations, outcome)
    for invitation, kind in zip(invitations, kinds, strict=True):
        moment = t.opened + (until - t.opened) * rng.uniform(0.2, 1.0)
        _respond(run, placement_request, invitation, kind, t.opened, moment)
    offered = [inv for inv, kind in zip(invitations, kinds, strict=True) if kind == "offer"]
    if outcome != R.OPEN and len(offered) >= 2 and rng.random() < 0.1:
        _withdraw(run, offered[-1])


def _kinds(run: Run, invitations: list[RequestInvitation], outcome: str) -> list[str]:
    """How each provider answers: "offer", "decline" or "wait" (not yet, or never)."""
    kinds = []
    for invitation in invitations:
        roll = run.rng.random()
        if outcome == R.OPEN:  # the demo provider's user has every one of theirs to answer
            waiting = invitation.provider_id == run.demo_provider_id or roll < 0.4
            kinds.append("wait" if waiting else "decline" if roll < 0.6 else "offer")
        else:
            kinds.append("wait" if roll < 0.15 else "decline" if roll < 0.4 else "offer")
    # Enough offers to award one, or to compare two.
    needed = {R.AWARDED: 1, R.EVALUATING: 2}.get(outcome, 0)
    for index in range(len(kinds)):
        if kinds.count("offer") < needed:
            kinds[index] = "offer"
    return kinds


# The demo's first three codes keep its random sequence as it was; a decline for the need is
# then spread over the codes added for sufficiency from its own seed.
FIRST_CODES = (DeclineReason.NO_CAPACITY, DeclineReason.CANNOT_MEET_NEED, DeclineReason.OTHER)
NEED_OR_MORE = (
    DeclineReason.CANNOT_MEET_NEED,
    DeclineReason.CANNOT_MEET_NEED,
    DeclineReason.LOCATION,
    DeclineReason.PRICE,
    DeclineReason.RISK,
)


def _respond(
    run: Run, placement_request, invitation, kind: str, opened: datetime, moment: datetime
):
    user = run.provider_users[invitation.provider_id]
    if kind == "wait":
        _ask_the_lead_borough(run, placement_request, invitation, user, moment)
        return
    rng = run.rng
    if rng.random() < 0.2:  # a question first, answered before the provider responds
        _ask_and_answer(run, placement_request, invitation, user, opened, moment)
    if kind == "decline":
        reason = rng.choice(FIRST_CODES)
        if reason == DeclineReason.CANNOT_MEET_NEED:  # some are about where, what or who
            reason = random.Random(invitation.pk).choice(NEED_OR_MORE)  # noqa: S311
        note = rng.choice(DECLINE_NOTES) if reason == DeclineReason.OTHER else ""
        services.offer_decline(actor=user, invitation=invitation, reason=reason, note=note)
    else:
        services.offer_submit(
            actor=user, invitation=invitation, **_offer(run, invitation, placement_request)
        )
    run.stamps.answered[invitation.pk] = moment


def _ask_the_lead_borough(
    run: Run, placement_request, invitation, user: User, moment: datetime
) -> None:
    """Once, the demo provider asks the lead borough something for its commissioner."""
    commissioner = run.commissioners[placement_request.borough_id]
    if (
        invitation.provider_id != run.demo_provider_id
        or run.demo_question_asked
        or placement_request.borough_id != commissioner.borough.consortium.lead_borough_id
    ):
        return
    asked = services.question_ask(actor=user, invitation=invitation, question=QUESTIONS[1][0])
    run.stamps.questions[asked.pk] = (moment, None)
    run.demo_question_asked = True


def _ask_and_answer(run: Run, placement_request, invitation, user: User, opened, moment) -> None:
    question, reply = run.rng.choice(QUESTIONS)
    asked = services.question_ask(actor=user, invitation=invitation, question=question)
    commissioner = run.commissioners[placement_request.borough_id]
    services.question_answer(actor=commissioner, question=asked, answer=reply)
    run.stamps.questions[asked.pk] = (
        opened + (moment - opened) / 3,
        opened + (moment - opened) * 2 / 3,
    )


ABOVE_CEILING_BECAUSE = (
    "The child's plan needs one-to-one staffing all day, which the ceiling rate does not cover"
)


def _offer(run: Run, invitation: RequestInvitation, placement_request: PlacementRequest) -> dict:
    """Mostly under the ceiling; about one in eight adds one-to-one staffing on top."""
    rng = run.rng
    ceiling = int(invitation.ceiling_weekly)
    shares = SHARES.get(placement_request.lot.kind, CARE_SHARES)
    parts = split(round(ceiling * rng.uniform(0.86, 0.995)), shares)
    if rng.random() < 0.12:
        parts["one_to_one"] = Decimal(round(ceiling * rng.uniform(0.05, 0.15)))
    delay = timedelta(days=rng.choice([0, 0, 0, 7, 14]))
    above = sum(parts.values()) > invitation.ceiling_weekly
    return {
        **parts,
        "weeks_per_year": placement_request.weeks_per_year,
        "proposed_start_on": placement_request.required_start_on + delay,
        "conditions": rng.choice(CONDITIONS),
        "above_ceiling_reason": ABOVE_CEILING_BECAUSE if above else "",
    }


def _withdraw(run: Run, invitation: RequestInvitation) -> None:
    user = run.provider_users[invitation.provider_id]
    services.offer_withdraw(actor=user, invitation=invitation, reason=WITHDRAWN_BECAUSE)
    hours = timedelta(hours=run.rng.randint(2, 10))
    run.stamps.withdrawn[invitation.pk] = run.stamps.answered[invitation.pk] + hours
