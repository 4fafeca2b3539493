"""Reads of the outcomes framework: the agreed version, every version with its sign-off progress,
and one version with its domains, indicators and sign-offs in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from boroughs.models import Borough, User

from ..choices import GAS_DESCRIPTORS, Scale, VersionStatus
from ..models import Domain, FrameworkVersion, Indicator, SignOff


def framework_current(*, consortium_id: int) -> FrameworkVersion | None:
    """The consortium's agreed version (targets are set against it), or None before the first."""
    return (
        FrameworkVersion.objects.filter(consortium_id=consortium_id, status=VersionStatus.AGREED)
        .select_related("consortium")
        .first()
    )


def framework_version_list(*, actor: User) -> QuerySet[FrameworkVersion]:
    """Versions the actor may read, newest first, with how many boroughs and providers signed.

    `member_boroughs` is how many boroughs the consortium has, so a page can say "9 of 12".
    """
    members = (
        Borough.objects.filter(consortium_id=OuterRef("consortium_id"))
        .order_by()
        .values("consortium_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        FrameworkVersion.objects.for_user(actor)
        .select_related("consortium", "agreed_by", "created_by")
        .annotate(
            borough_sign_offs=Count("sign_offs", filter=Q(sign_offs__borough__isnull=False)),
            provider_sign_offs=Count("sign_offs", filter=Q(sign_offs__provider__isnull=False)),
            member_boroughs=Coalesce(Subquery(members, output_field=IntegerField()), 0),
        )
        .order_by("consortium_id", "-number")
    )


def with_parts(versions: QuerySet[FrameworkVersion]) -> QuerySet[FrameworkVersion]:
    """The versions with their domains, indicators and sign-offs prefetched: a detail page or
    an API list costs the same few queries however many rows each version has."""
    indicators = Indicator.objects.order_by("order", "pk")
    domains = Domain.objects.order_by("order", "pk").prefetch_related(
        Prefetch("indicators", queryset=indicators)
    )
    sign_offs = SignOff.objects.select_related("borough", "provider", "signed_by")
    return versions.prefetch_related(
        Prefetch("domains", queryset=domains), Prefetch("sign_offs", queryset=sign_offs)
    )


def framework_version_detail(*, actor: User, version: FrameworkVersion) -> FrameworkVersion:
    """One version (already fetched through outcomes.access) with its counts and parts."""
    return with_parts(framework_version_list(actor=actor)).get(pk=version.pk)


def scale_points(indicator: Indicator) -> list[tuple[int, str]]:
    """(score, what it means) for each point of the indicator's scale, lowest first."""
    if indicator.scale == Scale.GOAL_ATTAINMENT:
        return sorted(GAS_DESCRIPTORS.items())
    low, high = indicator.score_range
    return [(point, indicator.descriptors.get(str(point), "")) for point in range(low, high + 1)]


def sign_off_progress(version: FrameworkVersion) -> str:
    """Like "9 of 12 boroughs, 1 provider", from framework_version_list's counts."""
    providers = version.provider_sign_offs
    plural = "provider" if providers == 1 else "providers"
    return (
        f"{version.borough_sign_offs} of {version.member_boroughs} boroughs, {providers} {plural}"
    )
