"""Reads for the boroughs app: scoped first, with the joins a page needs."""

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import Borough, Invitation, RoleAssignment, Strand, User


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
