"""The only ways to fetch placements' rows by id: scoped, and, where a child is shown, logged.

Each `access_*` answers the same 404 for a row that does not exist and for one the actor may not
see: another borough's, or, for a provider, anything it was not invited to.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from boroughs import policy
from boroughs.choices import Role

from .models import (
    AgreementVariation,
    Child,
    ChildAccessLog,
    Invoice,
    InvoiceUpload,
    OfferQuestion,
    Placement,
    PlacementAgreement,
    PlacementRequest,
    RequestInvitation,
)


def is_commissioner(user) -> bool:
    return policy.actor_of(user).has_role(Role.COMMISSIONER)


def is_borough_staff(user) -> bool:
    """Council staff: a user of a borough who holds a staff role (boroughs.policy)."""
    return policy.actor_of(user).is_council


def is_provider_user(user) -> bool:
    return policy.actor_of(user).is_provider


def log_child_view(actor, child_id: int, what: str) -> None:
    ChildAccessLog.objects.create(child_id=child_id, user=actor, what=what[:100])


def log_children_viewed(actor, child_ids, what: str) -> None:
    """Log every child a list showed: one row each, written in one statement."""
    ChildAccessLog.objects.bulk_create(
        ChildAccessLog(child_id=child_id, user=actor, what=what[:100])
        for child_id in dict.fromkeys(child_ids)
    )


def access_child(actor, public_id, *, what: str) -> Child:
    """The child if the actor's borough owns the record (404 otherwise, as for a missing one).

    Every successful fetch writes a ChildAccessLog row (who, when, what) that the borough reads.
    """
    child = get_object_or_404(Child.objects.for_user(actor), public_id=public_id)
    log_child_view(actor, child.pk, what)
    return child


def access_request(actor, public_id, *, what: str = "request") -> PlacementRequest:
    """A request of the actor's borough (the whole consortium for consortium-wide roles).

    Providers never reach a request this way (404): they see it through their invitation. The
    view is logged against the child, since a request shows the child's needs.
    """
    placement_request = get_object_or_404(
        PlacementRequest.objects.for_user(actor).select_related(
            "child", "lot", "strand", "borough"
        ),
        public_id=public_id,
    )
    log_child_view(actor, placement_request.child_id, f"{what} {placement_request.reference}")
    return placement_request


def access_invitation(actor, public_id, *, what: str = "invitation") -> RequestInvitation:
    """A provider's own invitation (never a draft request's), or one of the borough's own.

    Logged against the child: the provider reads the child's needs, though not who they are.
    """
    invitation = get_object_or_404(
        RequestInvitation.objects.for_user(actor).select_related(
            "request", "request__child", "request__lot", "setting", "provider"
        ),
        public_id=public_id,
    )
    log_child_view(actor, invitation.request.child_id, f"{what} {invitation.request.reference}")
    return invitation


def access_question(actor, public_id) -> OfferQuestion:
    return get_object_or_404(
        OfferQuestion.objects.for_user(actor).select_related("invitation", "invitation__request"),
        public_id=public_id,
    )


def access_placement(actor, public_id, *, what: str = "placement") -> Placement:
    """A placement of the actor's borough, or, for a provider, one at its own settings."""
    placement = get_object_or_404(
        Placement.objects.for_user(actor).select_related(
            "child", "setting", "provider", "lot", "borough", "request"
        ),
        public_id=public_id,
    )
    log_child_view(actor, placement.child_id, f"{what} {placement.reference}")
    return placement


def access_invoice(actor, public_id, *, what: str = "invoice") -> Invoice:
    """An invoice of a placement of the actor's borough, or, for a provider, one of its own:
    another borough's or another provider's is the same 404 as a missing one. Logged against
    the child for council staff, whose pages show the child's reference."""
    invoice = get_object_or_404(
        Invoice.objects.for_user(actor).select_related(
            "placement", "placement__child", "placement__borough", "placement__setting", "provider"
        ),
        public_id=public_id,
    )
    if not is_provider_user(actor):
        log_child_view(actor, invoice.placement.child_id, f"{what} {invoice.number}")
    return invoice


def access_invoice_upload(actor, public_id) -> InvoiceUpload:
    """A provider's own upload; anyone else's (or a council's request) is a 404."""
    return get_object_or_404(InvoiceUpload.objects.for_user(actor), public_id=public_id)


def access_agreement(actor, public_id, *, what: str = "agreement") -> PlacementAgreement:
    """A placement's agreement, for the placement's borough (consortium-wide roles: every
    borough's) and its provider; 404 for anyone else. Logged: it names the child's reference."""
    agreement = get_object_or_404(
        PlacementAgreement.objects.for_user(actor).select_related(
            "placement", "placement__borough", "placement__provider", "template"
        ),
        public_id=public_id,
    )
    log_child_view(actor, agreement.placement.child_id, f"{what} {agreement.reference}")
    return agreement


def access_variation(actor, public_id, *, what: str = "variation") -> AgreementVariation:
    """A variation of an agreement the actor may see (as `access_agreement`); 404 otherwise."""
    variation = get_object_or_404(
        AgreementVariation.objects.for_user(actor).select_related(
            "agreement", "agreement__placement"
        ),
        public_id=public_id,
    )
    log_child_view(actor, variation.agreement.placement.child_id, f"{what} {variation.reference}")
    return variation
