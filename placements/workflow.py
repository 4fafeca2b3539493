"""The request, invitation, agreement and variation state machines as data.

Moves go through `kernel.workflow.transition`, which locks the row, checks the table and the
party, and writes the event row. Parties: the borough's commissioner, the invited provider, and
the system (the award telling the other responders, the deadline sweep).
"""

from __future__ import annotations

from kernel.workflow import Machine

from .choices import AgreementStatus as A
from .choices import InvitationStatus as I
from .choices import RequestStatus as R
from .choices import VariationStatus as V

COMMISSIONER, PROVIDER, SYSTEM = "commissioner", "provider", "system"

REQUEST_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (R.DRAFT, R.OPEN): frozenset({COMMISSIONER}),
    (R.DRAFT, R.CANCELLED): frozenset({COMMISSIONER}),
    (R.OPEN, R.EVALUATING): frozenset({COMMISSIONER, SYSTEM}),
    (R.OPEN, R.CANCELLED): frozenset({COMMISSIONER}),
    (R.EVALUATING, R.AWARDED): frozenset({COMMISSIONER}),
    (R.EVALUATING, R.NONE_SUITABLE): frozenset({COMMISSIONER}),
    (R.EVALUATING, R.CANCELLED): frozenset({COMMISSIONER}),
}

INVITATION_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (I.INVITED, I.OFFERED): frozenset({PROVIDER}),
    (I.INVITED, I.DECLINED): frozenset({PROVIDER}),
    (I.INVITED, I.NO_RESPONSE): frozenset({SYSTEM}),
    (I.OFFERED, I.WITHDRAWN): frozenset({PROVIDER}),
    (I.OFFERED, I.AWARDED): frozenset({COMMISSIONER}),
    (I.OFFERED, I.UNSUCCESSFUL): frozenset({SYSTEM}),
}


def request_machine() -> Machine:
    from .models import RequestEvent

    return Machine("request", REQUEST_TRANSITIONS, RequestEvent, "request")


def invitation_machine() -> Machine:
    from .models import InvitationEvent

    return Machine("invitation", INVITATION_TRANSITIONS, InvitationEvent, "invitation")


AGREEMENT_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (A.DRAFTED, A.PROVIDER_SIGNED): frozenset({PROVIDER}),
    (A.PROVIDER_SIGNED, A.SIGNED): frozenset({COMMISSIONER}),
}

# A fee change: proposed, accepted, signed. A move or an end: recorded, acknowledged.
VARIATION_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (V.PROPOSED, V.PROVIDER_ACCEPTED): frozenset({PROVIDER}),
    (V.PROVIDER_ACCEPTED, V.SIGNED): frozenset({COMMISSIONER}),
    (V.PROPOSED, V.ACKNOWLEDGED): frozenset({PROVIDER}),
}


def agreement_machine() -> Machine:
    from .models import AgreementEvent

    return Machine("agreement", AGREEMENT_TRANSITIONS, AgreementEvent, "agreement")


def variation_machine() -> Machine:
    from .models import VariationEvent

    return Machine("variation", VARIATION_TRANSITIONS, VariationEvent, "variation")
