"""Writes for provider groups: a consortium's admins record the parent company behind its
providers and the dated findings about it (ADR 18). A finding is never changed: a new one is a
new row."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from boroughs import policy
from boroughs.models import User

from ..models import GroupFlag, GroupMember, Provider, ProviderGroup
from .common import DomainError, Duplicate, full_clean

MSG_IN_A_GROUP = "{provider} is already recorded in {group}"
MSG_NOT_APPLIED = "Select a provider that has applied to your consortium's DPS"
MSG_NOT_A_MEMBER = "{provider} is not recorded in this group"
MSG_SOURCE = "Enter where this finding comes from"
MSG_FUTURE = "The date of the finding must be today or in the past"


@transaction.atomic
def group_record(*, actor: User, name: str, companies_house_number: str) -> ProviderGroup:
    """Record a parent company for the actor's consortium."""
    policy.require(actor, "providers.add_providergroup")
    group = ProviderGroup(
        consortium_id=actor.consortium_id,
        name=name.strip(),
        companies_house_number=companies_house_number.strip().upper(),
        recorded_by=actor,
    )
    full_clean(group, exclude=["recorded_by"])
    group.save()
    return group


@transaction.atomic
def group_add_provider(*, actor: User, group: ProviderGroup, provider: Provider) -> GroupMember:
    """Record that `group` owns `provider`: one group per provider in a consortium."""
    policy.require(actor, "providers.change_providergroup", group)
    if not provider.applications.filter(dps__consortium_id=group.consortium_id).exists():
        raise DomainError(MSG_NOT_APPLIED, field="provider")
    taken = (
        GroupMember.objects.filter(consortium_id=group.consortium_id, provider=provider)
        .select_related("group")
        .first()
    )
    if taken:
        raise Duplicate(
            MSG_IN_A_GROUP.format(provider=provider, group=taken.group), field="provider"
        )
    return GroupMember.objects.create(
        group=group, provider=provider, consortium_id=group.consortium_id, recorded_by=actor
    )


@transaction.atomic
def group_remove_provider(*, actor: User, group: ProviderGroup, provider: Provider) -> None:
    policy.require(actor, "providers.change_providergroup", group)
    removed, _ = GroupMember.objects.filter(group=group, provider=provider).delete()
    if not removed:
        raise DomainError(MSG_NOT_A_MEMBER.format(provider=provider), field="provider")


@transaction.atomic
def group_flag(
    *, actor: User, group: ProviderGroup, kind: str, value: bool, source: str, as_of: date
) -> GroupFlag:
    """A dated finding about the group (under oversight, owned by private equity) and its
    source. The latest finding of a kind is the one in force; the earlier ones stay."""
    policy.require(actor, "providers.change_providergroup", group)
    if not source.strip():
        raise DomainError(MSG_SOURCE, field="source")
    if as_of > timezone.localdate():
        raise DomainError(MSG_FUTURE, field="as_of")
    flag = GroupFlag(
        group=group, kind=kind, value=value, source=source.strip(), as_of=as_of, recorded_by=actor
    )
    full_clean(flag, exclude=["group", "recorded_by"])
    flag.save()
    return flag
