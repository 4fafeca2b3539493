"""The only ways to fetch outcomes rows by id: scoped, and, where a child is shown, logged.

Each `access_*` answers the same 404 for a row that does not exist and for one the actor may not
see: another borough's, or, for a provider, one at another provider's settings.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from placements.access import log_child_view

from .models import FrameworkVersion, OutcomeTarget, TermlyReturn


def access_version(actor, public_id) -> FrameworkVersion:
    """A framework version of the actor's consortium (any, for a provider user)."""
    return get_object_or_404(
        FrameworkVersion.objects.for_user(actor).select_related("consortium"), public_id=public_id
    )


def access_target(actor, public_id, *, what: str = "outcome target") -> OutcomeTarget:
    """A target on a placement of the actor's borough, or at the provider's own settings."""
    target = get_object_or_404(
        OutcomeTarget.objects.for_user(actor).select_related(
            "placement", "indicator", "indicator__domain"
        ),
        public_id=public_id,
    )
    log_child_view(actor, target.placement.child_id, f"{what} {target.placement.reference}")
    return target


def access_return(actor, public_id, *, what: str = "termly return") -> TermlyReturn:
    """A return on a placement of the actor's borough, or at the provider's own settings."""
    termly_return = get_object_or_404(
        TermlyReturn.objects.for_user(actor).select_related(
            "placement",
            "placement__child",
            "placement__setting",
            "placement__provider",
            "term",
            "framework_version",
        ),
        public_id=public_id,
    )
    log_child_view(
        actor, termly_return.placement.child_id, f"{what} {termly_return.placement.reference}"
    )
    return termly_return
