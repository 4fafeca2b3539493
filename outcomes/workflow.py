"""The framework-version and termly-return state machines as data.

Returns move through `kernel.workflow.transition` (row lock, table check, event row). A return
is created submitted (by its provider) or overdue (by the beat job); those creations write an
event from "" too. Versions have no event table: who agreed and when is on the row, and the
sign-offs are rows of their own; `framework_version_agree` moves them with a conditional update.
"""

from __future__ import annotations

from kernel.workflow import Action, Machine

from .choices import ReturnStatus as R
from .choices import VersionStatus as V

COMMISSIONER, PROVIDER, SYSTEM, CONSORTIUM_ADMIN = (
    "commissioner",
    "provider",
    "system",
    "consortium_admin",
)

VERSION_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (V.DRAFT, V.AGREED): frozenset({CONSORTIUM_ADMIN}),
    (V.AGREED, V.SUPERSEDED): frozenset({SYSTEM}),
}

RETURN_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (R.OVERDUE, R.SUBMITTED): frozenset({PROVIDER}),
    (R.SUBMITTED, R.QUERIED): frozenset({COMMISSIONER}),
    (R.SUBMITTED, R.ACCEPTED): frozenset({COMMISSIONER}),
    (R.QUERIED, R.SUBMITTED): frozenset({PROVIDER}),
    # A commissioner may reopen an accepted return that turns out to be wrong.
    (R.ACCEPTED, R.QUERIED): frozenset({COMMISSIONER}),
}


# What a return's page offers, each as the move it makes (kernel.workflow.actions): the
# borough's commissioners decide a submitted return; its provider submits or corrects it.
DECIDE, CORRECT = "outcomes.decide_return", "outcomes.correct_return"
RETURN_ACTIONS = (
    Action("accept", to=frozenset({R.ACCEPTED}), permission=DECIDE),
    Action("query", to=frozenset({R.QUERIED}), permission=DECIDE),
    Action(
        "submit", to=frozenset({R.SUBMITTED}), source=frozenset({R.OVERDUE}), permission=CORRECT
    ),
    Action(
        "correct", to=frozenset({R.SUBMITTED}), source=frozenset({R.QUERIED}), permission=CORRECT
    ),
)


def return_machine() -> Machine:
    from .models import ReturnEvent

    return Machine("return", RETURN_TRANSITIONS, ReturnEvent, "termly_return")
