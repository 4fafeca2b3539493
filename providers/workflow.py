"""The DPS state machines as data; rows move along them through `kernel.workflow.transition`.

Every allowed (from, to) pair names who may make it: the provider, a reviewer (lead-borough
commissioner or consortium admin) or the system (the daily evidence check).
"""

from __future__ import annotations

from kernel.workflow import Action, Machine

from .choices import ApplicationStatus as A
from .choices import EnrolmentStatus as E

PROVIDER, REVIEWER, SYSTEM = "provider", "reviewer", "system"

APPLICATION_TRANSITIONS: dict[tuple[str, str], str] = {
    (A.DRAFT, A.SUBMITTED): PROVIDER,
    (A.SUBMITTED, A.UNDER_REVIEW): REVIEWER,
    (A.UNDER_REVIEW, A.CLARIFICATION_REQUESTED): REVIEWER,
    (A.CLARIFICATION_REQUESTED, A.UNDER_REVIEW): PROVIDER,
    (A.UNDER_REVIEW, A.ACCREDITED): REVIEWER,
    (A.UNDER_REVIEW, A.REJECTED): REVIEWER,
}

ENROLMENT_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (E.ENROLLED, E.SUSPENDED): frozenset({REVIEWER, SYSTEM}),
    (E.SUSPENDED, E.ENROLLED): frozenset({REVIEWER, SYSTEM}),
    (E.ENROLLED, E.REMOVED): frozenset({REVIEWER}),
    (E.SUSPENDED, E.REMOVED): frozenset({REVIEWER}),
}


# What the review screen offers a reviewer, each as the move it makes (kernel.workflow.actions).
REVIEW = "providers.review_application"
REVIEW_ACTIONS = (
    Action("start", to=frozenset({A.UNDER_REVIEW}), permission=REVIEW),
    Action("clarify", to=frozenset({A.CLARIFICATION_REQUESTED}), permission=REVIEW),
    Action("accredit", to=frozenset({A.ACCREDITED}), permission=REVIEW),
    Action("reject", to=frozenset({A.REJECTED}), permission=REVIEW),
)


def _machines():
    from .models import ApplicationEvent, EnrolmentEvent

    return (
        Machine("application", APPLICATION_TRANSITIONS, ApplicationEvent, "application"),
        Machine("enrolment", ENROLMENT_TRANSITIONS, EnrolmentEvent, "enrolment"),
    )


def application_machine() -> Machine:
    return _machines()[0]


def enrolment_machine() -> Machine:
    return _machines()[1]
