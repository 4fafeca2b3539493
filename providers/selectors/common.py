"""What the DPS's reads share: the actor's own consortium, setting types in words, and whether a
Companies House number is registered already."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from boroughs import policy
from boroughs.models import User

from ..choices import CarePlacementType, EstablishmentType
from ..models import Provider, Setting

SETTING_TYPES = {**dict(EstablishmentType.choices), **dict(CarePlacementType.choices)}


def setting_type_label(code: str) -> str:
    """ "Other independent special school (10)": GIAS or SSDA903 codes in words."""
    if not code:
        return "Not known"
    return f"{SETTING_TYPES[code]} ({code})" if code in SETTING_TYPES else code


def label_setting_types(settings: Iterable[Setting]) -> None:
    for setting in settings:
        setting.type_label = setting_type_label(setting.establishment_type)


def in_consortium(actor: User, path: str) -> Q:
    """Rows of the actor's own consortium, reached through `path` (a lookup ending at
    Consortium): what the consortium's staff work on, where providers see other consortia's."""
    who = policy.actor_of(actor)
    if who.is_operator:
        return Q()
    if not who.is_council:
        return Q(pk__in=[])
    return Q(**{f"{path}_id": who.consortium_id})


def company_number_registered(number: str, *, other_than: Provider | None = None) -> bool:
    """Whether another organisation has registered this Companies House number: registration
    is checked against the whole market, whoever asks."""
    others = Provider.objects.filter(companies_house_number=number)
    if other_than is not None:
        others = others.exclude(pk=other_than.pk)
    return others.exists()
