"""Who may act on children, requests, offers and placements: each action once, asked by the
services, the API and templates alike (boroughs.policy).

A borough's own commissioners act for its children; analysts and the rest of the consortium
only read. A provider acts only on the invitations sent to it.
"""

from __future__ import annotations

from boroughs.choices import Role
from boroughs.policy import (
    has_role,
    is_provider_user,
    of_borough,
    of_consortium,
    of_provider,
    permission,
)

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
    _commissioner_of(lambda placement_request: placement_request.borough_id),
    MSG_NOT_COMMISSIONER,
)
permission(
    "placements.award_request",
    _commissioner_of(lambda placement_request: placement_request.borough_id),
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

# Invoices: the placement's provider submits and corrects; the placement's borough decides,
# records payment and sets its cost centres; the consortium admin sets the tolerance.
MSG_NOT_PLACEMENT_PROVIDER = "Only the placement's provider can do this"
MSG_NOT_CONSORTIUM_ADMIN = "Only the consortium's admins can do this"
permission(
    "placements.submit_invoice",
    of_provider(lambda placement: placement.provider_id),
    MSG_NOT_PLACEMENT_PROVIDER,
)
permission(
    "placements.correct_invoice",
    of_provider(lambda invoice: invoice.provider_id),
    MSG_NOT_PLACEMENT_PROVIDER,
)
permission(
    "placements.decide_invoice",
    _commissioner_of(lambda invoice: invoice.placement.borough_id),
    MSG_NOT_COMMISSIONER,
)
permission(
    "placements.export_invoice",
    _commissioner_of(lambda borough: borough.pk),
    MSG_NOT_COMMISSIONER,
)
permission(
    "placements.change_costcentre",
    _commissioner_of(lambda borough: borough.pk),
    MSG_NOT_COMMISSIONER,
)
permission(
    "placements.change_billingsettings",
    has_role(Role.CONSORTIUM_ADMIN) & of_consortium(lambda consortium: consortium.pk),
    MSG_NOT_CONSORTIUM_ADMIN,
)
permission("placements.add_invoice", is_provider_user, MSG_NOT_PLACEMENT_PROVIDER)

# National price bands: any consortium's admins load a publication (public reference data).
permission(
    "placements.add_pricebandset",
    has_role(Role.CONSORTIUM_ADMIN),
    "Only consortium admins can load national price bands",
)

# Agreements: the placement's provider signs first, the borough's commissioners counter-sign;
# variations the same way round. Consortium admins write new versions of the templates.

_agreement_provider = of_provider(lambda agreement: agreement.placement.provider_id)
_agreement_commissioner = _commissioner_of(lambda agreement: agreement.placement.borough_id)
permission("placements.sign_agreement", _agreement_provider, MSG_NOT_PLACEMENT_PROVIDER)
permission("placements.countersign_agreement", _agreement_commissioner, MSG_NOT_COMMISSIONER)
permission("placements.propose_variation", _agreement_commissioner, MSG_NOT_COMMISSIONER)
permission(
    "placements.accept_variation",
    of_provider(lambda variation: variation.agreement.placement.provider_id),
    MSG_NOT_PLACEMENT_PROVIDER,
)
permission(
    "placements.sign_variation",
    _commissioner_of(lambda variation: variation.agreement.placement.borough_id),
    MSG_NOT_COMMISSIONER,
)
permission(
    "placements.add_agreementtemplate",
    has_role(Role.CONSORTIUM_ADMIN) & of_consortium(lambda strand: strand.consortium_id),
    MSG_NOT_CONSORTIUM_ADMIN,
)

# The Placements Data Standard export: council staff, each for what they see (their borough, or
# the consortium for its consortium-wide roles); providers never.
permission(
    "placements.export_standard",
    has_role(Role.COMMISSIONER, Role.BOROUGH_ANALYST, Role.LEAD_ANALYST, Role.CONSORTIUM_ADMIN),
    "Only council staff can export the Placements Data Standard",
)

# A borough's statutory returns (SEN2, SSDA903) and their reconciliation: its own staff, and the
# lead borough's consortium-wide roles for any member borough; providers never.
permission(
    "placements.statutory_returns",
    (has_role(Role.COMMISSIONER, Role.BOROUGH_ANALYST) & of_borough(lambda borough: borough.pk))
    | (
        has_role(Role.LEAD_ANALYST, Role.CONSORTIUM_ADMIN)
        & of_consortium(lambda borough: borough.consortium_id)
    ),
    "Only the borough's council staff can make its statutory returns",
)
