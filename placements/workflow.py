"""The request, invitation, agreement and variation state machines as data.

Moves go through `kernel.workflow.transition`, which locks the row, checks the table and the
party, and writes the event row. Parties: the borough's commissioner, the invited provider, and
the system (the award telling the other responders, the deadline sweep).
"""

from __future__ import annotations

from kernel.workflow import Action, Machine

from .choices import AgreementStatus as A
from .choices import InvitationStatus as I
from .choices import InvoiceStatus, VariationStatus
from .choices import RequestStatus as R

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


# What a request's page offers its borough's commissioners, and an invitation's page its provider,
# each as the move it makes (kernel.workflow.actions).
CHANGE_REQUEST, RESPOND = "placements.change_request", "placements.respond_invitation"
REQUEST_ACTIONS = (
    Action(
        "invite", to=frozenset({R.OPEN}), stays_in=frozenset({R.OPEN}), permission=CHANGE_REQUEST
    ),
    Action("edit", stays_in=frozenset({R.DRAFT}), permission=CHANGE_REQUEST),
    Action("close", to=frozenset({R.EVALUATING}), permission=CHANGE_REQUEST),
    Action("evaluate", to=frozenset({R.AWARDED, R.NONE_SUITABLE}), permission=CHANGE_REQUEST),
    Action("cancel", to=frozenset({R.CANCELLED}), permission=CHANGE_REQUEST),
)


def _request_open(invitation) -> bool:
    return invitation.request.status == R.OPEN


def _request_undecided(invitation) -> bool:
    return invitation.request.status in (R.OPEN, R.EVALUATING)


INVITATION_ACTIONS = (
    # A provider that has offered may revise its offer while the request is open.
    Action(
        "offer",
        to=frozenset({I.OFFERED}),
        stays_in=frozenset({I.OFFERED}),
        permission=RESPOND,
        when=_request_open,
    ),
    Action("decline", to=frozenset({I.DECLINED}), permission=RESPOND, when=_request_open),
    Action("withdraw", to=frozenset({I.WITHDRAWN}), permission=RESPOND, when=_request_undecided),
    Action(
        "question",
        stays_in=frozenset({I.INVITED, I.OFFERED}),
        permission=RESPOND,
        when=_request_open,
    ),
)


def request_machine() -> Machine:
    from .models import RequestEvent

    return Machine("request", REQUEST_TRANSITIONS, RequestEvent, "request")


def invitation_machine() -> Machine:
    from .models import InvitationEvent

    return Machine("invitation", INVITATION_TRANSITIONS, InvitationEvent, "invitation")


# An invoice is matched the moment it is submitted (by the system); the borough's commissioner
# approves, queries or disputes it; the provider answers a query or dispute with a correction,
# a new version that replaces this one; finance's payment is recorded by the commissioner.
INVOICE_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (InvoiceStatus.SUBMITTED, InvoiceStatus.MATCHED): frozenset({SYSTEM}),
    (InvoiceStatus.SUBMITTED, InvoiceStatus.VARIANCE): frozenset({SYSTEM}),
    (InvoiceStatus.MATCHED, InvoiceStatus.APPROVED): frozenset({COMMISSIONER}),
    (InvoiceStatus.MATCHED, InvoiceStatus.QUERIED): frozenset({COMMISSIONER}),
    (InvoiceStatus.MATCHED, InvoiceStatus.DISPUTED): frozenset({COMMISSIONER}),
    (InvoiceStatus.VARIANCE, InvoiceStatus.APPROVED): frozenset({COMMISSIONER}),
    (InvoiceStatus.VARIANCE, InvoiceStatus.QUERIED): frozenset({COMMISSIONER}),
    (InvoiceStatus.VARIANCE, InvoiceStatus.DISPUTED): frozenset({COMMISSIONER}),
    (InvoiceStatus.QUERIED, InvoiceStatus.REPLACED): frozenset({PROVIDER}),
    (InvoiceStatus.DISPUTED, InvoiceStatus.REPLACED): frozenset({PROVIDER}),
    (InvoiceStatus.APPROVED, InvoiceStatus.PAID): frozenset({COMMISSIONER}),
}


def invoice_machine() -> Machine:
    from .models import InvoiceEvent

    return Machine("invoice", INVOICE_TRANSITIONS, InvoiceEvent, "invoice")


AGREEMENT_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (A.DRAFTED, A.PROVIDER_SIGNED): frozenset({PROVIDER}),
    (A.PROVIDER_SIGNED, A.SIGNED): frozenset({COMMISSIONER}),
}

# A fee change: proposed, accepted, signed. A move or an end: recorded, acknowledged.
VARIATION_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (VariationStatus.PROPOSED, VariationStatus.PROVIDER_ACCEPTED): frozenset({PROVIDER}),
    (VariationStatus.PROVIDER_ACCEPTED, VariationStatus.SIGNED): frozenset({COMMISSIONER}),
    (VariationStatus.PROPOSED, VariationStatus.ACKNOWLEDGED): frozenset({PROVIDER}),
}


def agreement_machine() -> Machine:
    from .models import AgreementEvent

    return Machine("agreement", AGREEMENT_TRANSITIONS, AgreementEvent, "agreement")


def variation_machine() -> Machine:
    from .models import VariationEvent

    return Machine("variation", VARIATION_TRANSITIONS, VariationEvent, "variation")
