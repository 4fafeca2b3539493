"""Writes for a provider's organisation and its settings: registration, changes, confirmed company
details, where a setting is, and its vacancies."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from boroughs import policy
from boroughs.audit.records import record_actor
from boroughs.choices import Role
from boroughs.geo import normalise_postcode, postcode_la_code, postcode_location
from boroughs.models import RoleAssignment, User
from kernel.errors import DomainError

from ..models import Provider, ProviderMembership, Setting, provider_id_for
from .common import full_clean

MSG_ALREADY_REGISTERED = "Your account already belongs to an organisation"
MSG_COMPANY_OR_CHARITY = "Enter a Companies House number or a charity number"
MSG_CONFIRMED_DETAILS = (
    "Company details have been confirmed. Ask the consortium admin to change them"
)
MSG_POSTCODE = "Enter a real postcode, like CR0 1NX"
COMPANY_FIELDS = ("legal_name", "companies_house_number", "charity_number", "registered_address")


@transaction.atomic
def provider_register(*, actor: User, **fields) -> Provider:
    """Create the actor's organisation and make them its provider admin."""
    if provider_id_for(actor) is not None:
        raise DomainError(MSG_ALREADY_REGISTERED)
    policy.require(actor, "providers.add_provider")
    if not fields.get("companies_house_number") and not fields.get("charity_number"):
        raise DomainError(MSG_COMPANY_OR_CHARITY, field="companies_house_number")
    provider = Provider(**fields)
    full_clean(provider)
    record_actor(provider, actor)
    provider.save()
    ProviderMembership.objects.create(user=actor, provider=provider, is_provider_admin=True)
    RoleAssignment.objects.get_or_create(user=actor, role=Role.PROVIDER_USER)
    policy.forget_actor(actor)
    return provider


@transaction.atomic
def provider_update(*, actor: User, provider: Provider, **fields) -> Provider:
    """Change a provider's details. Confirmed company details change only through an admin."""
    policy.require(actor, "providers.change_provider", provider)
    if policy.actor_of(actor).is_provider:
        changed = [
            name
            for name in COMPANY_FIELDS
            if name in fields and fields[name] != getattr(provider, name)
        ]
        if provider.details_confirmed_at and changed:
            raise DomainError(MSG_CONFIRMED_DETAILS, field=changed[0])
    for name, value in fields.items():
        setattr(provider, name, value)
    full_clean(provider)
    record_actor(provider, actor)
    provider.save()
    return provider


@transaction.atomic
def provider_confirm_details(*, actor: User, provider: Provider) -> Provider:
    policy.require(actor, "providers.confirm_provider", provider)
    provider.details_confirmed_at = timezone.now()
    record_actor(provider, actor)
    provider.save(update_fields=["details_confirmed_at"])
    return provider


# What a provider says about its setting. The rest the portal derives: the place and the local
# authority from the postcode (or GIAS), Section 41 status from the DfE's list, the LAESTAB.
SETTING_FIELDS = frozenset(
    {
        "name",
        "urn",
        "ofsted_urn",
        "ukprn",
        "establishment_type",
        "age_low",
        "age_high",
        "sex",
        "capacity",
        "vacancies",
        "offers_day",
        "offers_residential",
        "weeks_offered",
        "needs",
        "address",
        "postcode",
    }
)


@transaction.atomic
def setting_save(*, actor: User, setting: Setting | None = None, **fields) -> Setting:
    """Create or change one of the actor's provider's settings.

    Where it is and its local authority are derived from its postcode (`_place`), never taken
    from the provider, who could otherwise sit at a child's home and top the matching.
    """
    unknown = set(fields) - SETTING_FIELDS
    if unknown:
        raise TypeError(f"Not fields a provider gives: {sorted(unknown)}")
    if setting is None:
        policy.require(actor, "providers.add_setting")
        setting = Setting(provider_id=provider_id_for(actor))
    else:
        policy.require(actor, "providers.change_setting", setting)
    moved = setting.pk is None or fields.get("postcode", setting.postcode) != setting.postcode
    for name, value in fields.items():
        setattr(setting, name, value)
    _place(setting, moved=moved)
    full_clean(setting)
    record_actor(setting, actor)
    setting.save()
    return setting


def _place(setting: Setting, *, moved: bool) -> None:
    """The setting's position and local authority from its (normalised) postcode.

    A postcode the data cannot place clears them when it is new; an unchanged one keeps what
    GIAS gave (a school's own coordinates and LA).
    """
    if setting.postcode:
        postcode = normalise_postcode(setting.postcode)
        if postcode is None:
            raise DomainError(MSG_POSTCODE, field="postcode")
        setting.postcode = postcode
    location = postcode_location(setting.postcode)
    if location is not None or moved:
        setting.latitude = location.latitude if location else None
        setting.longitude = location.longitude if location else None
    la_code = postcode_la_code(setting.postcode)
    if la_code is not None or moved:
        setting.dfe_la_code = la_code or ""


MSG_VACANCY_TAKEN = "A placement took a vacancy"
MSG_VACANCY_RELEASED = "A placement ended and gave back its vacancy"


def setting_take_vacancy(*, setting_id: int) -> bool:
    """Take one vacancy if the setting has one; False if none is left.

    A conditional update, not read-then-write: two awards racing for the last vacancy cannot
    both take it, whatever the isolation level. Call it inside the award's transaction.
    """
    taken = Setting.objects.filter(pk=setting_id, vacancies__gt=0).update(
        vacancies=F("vacancies") - 1
    )
    if taken:
        _record_vacancies(setting_id, MSG_VACANCY_TAKEN)
    return taken == 1


def setting_release_vacancy(*, setting_id: int) -> None:
    """Give back a vacancy when a placement at the setting ends."""
    if Setting.objects.filter(pk=setting_id).update(vacancies=F("vacancies") + 1):
        _record_vacancies(setting_id, MSG_VACANCY_RELEASED)


def _record_vacancies(setting_id: int, reason: str) -> None:
    # A conditional UPDATE sends no save signal: write the history row (boroughs.audit) here,
    # or the provider's next edit would show vacancies changing from a stale number.
    setting = Setting.objects.get(pk=setting_id)
    Setting.history.bulk_history_create([setting], update=True, default_change_reason=reason)
