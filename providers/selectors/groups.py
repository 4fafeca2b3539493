"""Reads of provider groups (ADR 18): a consortium's groups with their members and the findings
in force, and which group owns each provider."""

from __future__ import annotations

from django.db.models import Count, Prefetch

from boroughs.models import User

from ..models import GroupFlag, GroupMember, Provider, ProviderGroup


def group_list(*, actor: User):
    """The groups the actor's consortium recorded, each with `member_count`."""
    return (
        ProviderGroup.objects.for_user(actor)
        .annotate(member_count=Count("members"))
        .order_by("name")
    )


def flags_in_force(flags) -> dict[str, GroupFlag]:
    """The latest finding of each kind among `flags` (a group's, newest first or not)."""
    latest: dict[str, GroupFlag] = {}
    for flag in sorted(flags, key=lambda f: (f.as_of, f.pk), reverse=True):
        latest.setdefault(flag.kind, flag)
    return latest


def group_detail(group: ProviderGroup) -> dict:
    """A group's members, every finding (newest first) and those in force."""
    flags = list(group.flags.select_related("recorded_by").order_by("-as_of", "-pk"))
    members = list(group.members.select_related("provider").order_by("provider__legal_name"))
    in_force = flags_in_force(flags)
    return {
        "members": members,
        "flags": flags,
        "findings_in_force": [
            (label, in_force.get(kind)) for kind, label in GroupFlag.Kind.choices
        ],
    }


def providers_to_group(group: ProviderGroup):
    """Providers that applied to the group's consortium and are in no group of it yet."""
    grouped = GroupMember.objects.filter(consortium_id=group.consortium_id).values("provider_id")
    return (
        Provider.objects.filter(applications__dps__consortium_id=group.consortium_id)
        .exclude(pk__in=grouped)
        .distinct()
        .order_by("legal_name")
    )


def groups_by_provider(consortium_id: int) -> dict[int, dict]:
    """provider id -> its group in the consortium: name, Companies House number and the flags
    in force (`oversight`, `private_equity`: True, False or None when nothing is recorded)."""
    groups = ProviderGroup.objects.filter(consortium_id=consortium_id).prefetch_related(
        Prefetch("flags", queryset=GroupFlag.objects.all()), "members"
    )
    found = {}
    for group in groups:
        in_force = flags_in_force(group.flags.all())
        facts = {
            "key": f"group:{group.pk}",
            "name": group.name,
            "number": group.companies_house_number,
            **{kind: (flag.value if flag else None) for kind, flag in _kinds(in_force)},
        }
        for member in group.members.all():
            found[member.provider_id] = facts
    return found


def _kinds(in_force: dict[str, GroupFlag]):
    for kind in GroupFlag.Kind.values:
        yield kind, in_force.get(kind)
