"""Reads of the consortium, its boroughs, strands, users and invitations: scoped first, with the
joins a page needs."""

from django.db.models import Count, Prefetch, Q, QuerySet

from .. import policy
from ..models import Borough, Consortium, Invitation, RoleAssignment, Strand, User


def borough_list(*, actor: User) -> QuerySet[Borough]:
    return (
        Borough.objects.for_user(actor)
        .select_related("consortium")
        .prefetch_related("strands")
        .annotate(user_count=Count("users", filter=Q(users__is_active=True), distinct=True))
        .order_by("name")
    )


def strand_list(*, actor: User) -> QuerySet[Strand]:
    return Strand.objects.for_user(actor).prefetch_related(
        Prefetch("boroughs", queryset=Borough.objects.order_by("name"))
    )


def user_list(*, actor: User) -> QuerySet[User]:
    return (
        User.objects.for_user(actor)
        .select_related("borough")
        .prefetch_related(Prefetch("role_assignments", queryset=RoleAssignment.objects.all()))
    )


def invitation_list(*, actor: User) -> QuerySet[Invitation]:
    return Invitation.objects.for_user(actor).select_related("borough", "invited_by")


def service_consortium(*, actor: User) -> Consortium | None:
    """The consortium whose name heads the pages: the user's own, or, for someone signed out or
    outside every borough, the first consortium loaded (the service's public name)."""
    if actor.is_authenticated and actor.borough_id:
        return actor.borough.consortium
    return Consortium.objects.order_by("pk").first()


def consortium_strands(*, actor: User) -> QuerySet[Strand]:
    """The strands of the actor's consortium (none outside one)."""
    return Strand.objects.for_user(actor)


def consortium_boroughs(*, actor: User) -> QuerySet[Borough]:
    """Every member borough of the actor's consortium, by name: what a form may name (the
    service then refuses a borough the actor may not act for), not what the actor may see."""
    return Borough.objects.filter(consortium_id=policy.actor_of(actor).consortium_id)
