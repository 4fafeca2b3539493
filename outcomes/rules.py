"""Who may act on outcomes: each action once, asked by the services, the API and templates
alike (boroughs.policy)."""

from __future__ import annotations

import rules

from boroughs.choices import Role
from boroughs.policy import (
    actor_of,
    has_role,
    is_provider_user,
    of_borough,
    of_consortium,
    of_provider,
    permission,
)

MSG_NOT_PROVIDER = "Only the placement's provider can submit its returns"
MSG_NOT_COMMISSIONER = "Only the borough's commissioners can do this"
MSG_ADMIN_ONLY = "Only a consortium admin can do this"

permission(
    "outcomes.submit_return",
    of_provider(lambda placement: placement.provider_id),
    MSG_NOT_PROVIDER,
)
permission(
    "outcomes.decide_return",
    has_role(Role.COMMISSIONER) & of_borough(lambda r: r.placement.borough_id),
    MSG_NOT_COMMISSIONER,
)
permission(
    "outcomes.change_framework",
    has_role(Role.CONSORTIUM_ADMIN) & of_consortium(lambda version: version.consortium_id),
    MSG_ADMIN_ONLY,
)
permission("outcomes.add_return", is_provider_user, MSG_NOT_PROVIDER)
permission(
    "outcomes.correct_return",
    of_provider(lambda termly_return: termly_return.placement.provider_id),
    MSG_NOT_PROVIDER,
)
permission("outcomes.add_target", has_role(Role.COMMISSIONER), MSG_NOT_COMMISSIONER)
permission(
    "outcomes.change_target",
    has_role(Role.COMMISSIONER) & of_borough(lambda target: target.placement.borough_id),
    MSG_NOT_COMMISSIONER,
)
permission("outcomes.add_framework", has_role(Role.CONSORTIUM_ADMIN), MSG_ADMIN_ONLY)


@rules.predicate
def signs_for_consortium(user, version) -> bool:
    """Commissioners and borough analysts sign for their own member borough; a provider's user
    for their provider. Consortium-wide roles do not sign: the admin agrees the version."""
    actor = actor_of(user)
    if actor.is_provider:
        return True
    return (
        actor.has_role(Role.COMMISSIONER, Role.BOROUGH_ANALYST)
        and actor.consortium_id == version.consortium_id
    )


permission(
    "outcomes.sign_framework",
    signs_for_consortium,
    "Only commissioners and analysts of a member borough, or a provider's users, can sign off",
)
