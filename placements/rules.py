"""Who may act on children, requests, offers and placements: each action once, asked by the
services, the API and templates alike (boroughs.policy).

A borough's own commissioners act for its children; analysts and the rest of the consortium
only read. A provider acts only on the invitations sent to it.
"""

from __future__ import annotations

from boroughs.choices import Role
from boroughs.policy import has_role, of_borough, of_provider, permission

MSG_NOT_COMMISSIONER = "Only the borough's commissioners can do this"
MSG_NOT_INVITED_PROVIDER = "Only the invited provider can do this"

is_commissioner = has_role(Role.COMMISSIONER)


def _commissioner_of(borough_id_of):
    return is_commissioner & of_borough(borough_id_of)


permission("placements.add_child", is_commissioner, MSG_NOT_COMMISSIONER)
permission("placements.add_request", is_commissioner, MSG_NOT_COMMISSIONER)
permission(
    "placements.change_child",
    _commissioner_of(lambda child: child.borough_id),
    MSG_NOT_COMMISSIONER,
)
# Drafting, inviting, closing, cancelling, rating offers: the request's borough decides.
permission(
    "placements.change_request",
    _commissioner_of(lambda request: request.borough_id),
    MSG_NOT_COMMISSIONER,
)
permission(
    "placements.award_request",
    _commissioner_of(lambda request: request.borough_id),
    MSG_NOT_COMMISSIONER,
)
permission(
    "placements.rate_offer",
    _commissioner_of(lambda invitation: invitation.request.borough_id),
    MSG_NOT_COMMISSIONER,
)
permission(
    "placements.answer_question",
    _commissioner_of(lambda question: question.invitation.request.borough_id),
    MSG_NOT_COMMISSIONER,
)
permission(
    "placements.change_placement",
    _commissioner_of(lambda placement: placement.borough_id),
    MSG_NOT_COMMISSIONER,
)
# Offering, declining, withdrawing and asking: the invited provider only.
permission(
    "placements.respond_invitation",
    of_provider(lambda invitation: invitation.provider_id),
    MSG_NOT_INVITED_PROVIDER,
)

# National price bands: any consortium's admins load a publication (public reference data).
permission(
    "placements.add_pricebandset",
    has_role(Role.CONSORTIUM_ADMIN),
    "Only consortium admins can load national price bands",
)

# The Placements Data Standard export: council staff, each for what they see (their borough, or
# the consortium for its consortium-wide roles); providers never.
permission(
    "placements.export_standard",
    has_role(Role.COMMISSIONER, Role.BOROUGH_ANALYST, Role.LEAD_ANALYST, Role.CONSORTIUM_ADMIN),
    "Only council staff can export the Placements Data Standard",
)
