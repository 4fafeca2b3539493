"""The outcomes part of "Things to do" (registered by outcomes.apps): council staff see termly
returns waiting for their acceptance; a provider's users the returns they owe or must answer."""

from __future__ import annotations

from django.urls import reverse

from boroughs import policy
from kernel.dashboard import Todo

from .choices import ReturnStatus
from .selectors.returns import return_list, returns_due


def outcomes_todos(request) -> list[Todo]:
    user = request.user
    actor = policy.actor_of(user)
    url = reverse("outcomes:return_list")
    if actor.is_council:
        submitted = return_list(actor=user, status=ReturnStatus.SUBMITTED).count()
        return [
            Todo(submitted, "termly return{s} to accept or query", f"{url}?status=submitted", 20)
        ]
    if actor.is_provider:
        return [
            Todo(len(returns_due(actor=user)), "termly return{s} due", url, order=12),
            Todo(
                return_list(actor=user, status=ReturnStatus.QUERIED).count(),
                "termly return{s} queried by a borough",
                f"{url}?status=queried",
                order=8,
            ),
        ]
    return []
