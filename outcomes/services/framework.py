"""Writes for the outcomes framework: versions, their domains and indicators, sign-off, agreement.

A consortium admin starts a draft (a copy of the agreed version, or the defaults), edits it, and
agrees it once every member borough and at least one provider representative have signed it off.
Changing a draft withdraws its sign-offs: members sign what is agreed, not an earlier text.
Agreeing supersedes the version before; targets and returns keep pointing at the version they
were made under, so nothing old is rewritten.
"""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from boroughs import policy
from boroughs.choices import Role
from boroughs.models import Borough, Consortium, User
from kernel.errors import DomainError, InvalidTransition, NotAllowed
from providers.models import Provider, provider_id_for

from ..choices import DomainKind, Scale, VersionStatus
from ..defaults import framework_build_defaults
from ..models import Domain, FrameworkVersion, Indicator, SignOff
from ..workflow import VERSION_TRANSITIONS

MSG_ADMIN_ONLY = "Only a consortium admin can do this"
MSG_DRAFT_EXISTS = "Version {number} is still a draft: change that one instead of starting another"
MSG_NOT_DRAFT = "Only a draft can be changed: this version is {status}"
MSG_SIGN_DRAFT_ONLY = "Only a draft can be signed off: this version is {status}"
MSG_CANNOT_SIGN = (
    "Only commissioners and analysts of a member borough, or a provider's users, can sign off"
)
MSG_ALREADY_SIGNED = "{party} has already signed off this version"
MSG_MISSING_BOROUGHS = "Every member borough must sign off first. Still to sign: {names}"
MSG_NO_PROVIDER = "At least one provider representative must sign off first"
MSG_NO_DOMAINS = "Add at least one domain first"
MSG_NO_INDICATORS = "Every domain needs at least one indicator. Add one to: {names}"
MSG_TITLE = "Enter a title"
MSG_CODE = "Enter a code of lower-case letters, numbers and hyphens, like independent-living"
MSG_DOMAIN_CODE_TAKEN = "Another domain in this version already has this code"
MSG_INDICATOR_CODE_TAKEN = "Another indicator in this domain already has this code"
MSG_DOMAIN_NAME = "Enter the domain's name"
MSG_INDICATOR_NAME = "Enter the indicator's name"
MSG_KIND = "Select whether this is a Preparing for Adulthood outcome or a broad area of need"
MSG_SCALE = "Select how the indicator is scored"
MSG_DESCRIPTORS = "Enter a descriptor for every rating from 1 to 5"

CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RATING_POINTS = ("1", "2", "3", "4", "5")


# --- Who may act --------------------------------------------------------------------------------


def is_consortium_admin(actor: User, consortium_id: int) -> bool:
    who = policy.actor_of(actor)
    return who.has_role(Role.CONSORTIUM_ADMIN) and who.consortium_id == consortium_id


def _require_admin(actor: User, consortium_id: int) -> None:
    if not is_consortium_admin(actor, consortium_id):
        raise NotAllowed(MSG_ADMIN_ONLY)


def signing_party(actor: User, version: FrameworkVersion) -> Borough | Provider | None:
    """Whom the actor would sign for: their member borough, or their provider; else None.

    Commissioners and borough analysts sign for their own borough; consortium-wide roles do
    not sign (the admin agrees the version).
    """
    if not policy.may(actor, "outcomes.sign_framework", version):
        return None
    if policy.actor_of(actor).is_council:
        return actor.borough
    provider_id = provider_id_for(actor)
    return Provider.objects.get(pk=provider_id) if provider_id is not None else None


def _editable(actor: User, version: FrameworkVersion) -> FrameworkVersion:
    """The version, locked, if the actor may edit it and it is still a draft."""
    _require_admin(actor, version.consortium_id)
    locked = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if locked.status != VersionStatus.DRAFT:
        raise InvalidTransition(MSG_NOT_DRAFT.format(status=locked.get_status_display().lower()))
    return locked


def _changed(version: FrameworkVersion) -> None:
    """A draft's content changed: sign-offs given to the earlier text no longer stand."""
    SignOff.objects.filter(version=version).delete()


# --- Versions -----------------------------------------------------------------------------------


@transaction.atomic
def framework_version_create(*, actor: User, consortium: Consortium) -> FrameworkVersion:
    """Start the next version as a draft: a copy of the agreed version's domains and indicators,
    or the default framework (outcomes.defaults) if none is agreed yet. One draft at a time.
    """
    _require_admin(actor, consortium.pk)
    # Two admins starting a version at once: the second waits, then finds the first's draft.
    Consortium.objects.select_for_update().filter(pk=consortium.pk).first()
    versions = FrameworkVersion.objects.filter(consortium=consortium)
    draft = versions.filter(status=VersionStatus.DRAFT).first()
    if draft is not None:
        raise InvalidTransition(MSG_DRAFT_EXISTS.format(number=draft.number))
    current = versions.filter(status=VersionStatus.AGREED).first()
    number = (versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = FrameworkVersion.objects.create(
        consortium=consortium,
        number=number,
        title=current.title if current else f"{consortium.short_name or consortium.name} outcomes",
        summary=current.summary if current else "",
        created_by=actor,
    )
    if current is None:
        framework_build_defaults(version)
    else:
        _copy_parts(current, version)
    return version


def _copy_parts(source: FrameworkVersion, version: FrameworkVersion) -> None:
    for domain in source.domains.prefetch_related("indicators"):
        copy = Domain.objects.create(
            version=version,
            code=domain.code,
            name=domain.name,
            kind=domain.kind,
            order=domain.order,
        )
        Indicator.objects.bulk_create(
            Indicator(
                domain=copy,
                code=indicator.code,
                name=indicator.name,
                description=indicator.description,
                scale=indicator.scale,
                descriptors=dict(indicator.descriptors),
                order=indicator.order,
            )
            for indicator in domain.indicators.all()
        )


@transaction.atomic
def framework_version_update(
    *, actor: User, version: FrameworkVersion, title: str, summary: str
) -> FrameworkVersion:
    """Change a draft's title and summary; its sign-offs are withdrawn."""
    locked = _editable(actor, version)
    if not title.strip():
        raise DomainError(MSG_TITLE, field="title")
    locked.title, locked.summary = title.strip(), summary.strip()
    locked.save(update_fields=["title", "summary"])
    _changed(locked)
    return locked


@transaction.atomic
def framework_version_sign_off(*, actor: User, version: FrameworkVersion) -> SignOff:
    """Record that the actor's borough (or provider) agrees this draft: who and when, once."""
    party = signing_party(actor, version)
    if party is None:
        raise NotAllowed(MSG_CANNOT_SIGN)
    locked = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if locked.status != VersionStatus.DRAFT:
        status = locked.get_status_display().lower()
        raise InvalidTransition(MSG_SIGN_DRAFT_ONLY.format(status=status))
    key = "borough" if isinstance(party, Borough) else "provider"
    if SignOff.objects.filter(version=locked, **{key: party}).exists():
        raise InvalidTransition(MSG_ALREADY_SIGNED.format(party=party))
    try:
        with transaction.atomic():
            return SignOff.objects.create(version=locked, signed_by=actor, **{key: party})
    except IntegrityError as error:  # a colleague signed a moment before
        raise InvalidTransition(MSG_ALREADY_SIGNED.format(party=party)) from error


def missing_boroughs(version: FrameworkVersion) -> list[Borough]:
    """Member boroughs that have not signed the version off yet."""
    signed = SignOff.objects.filter(version=version, borough__isnull=False).values("borough_id")
    return list(Borough.objects.filter(consortium_id=version.consortium_id).exclude(pk__in=signed))


@transaction.atomic
def framework_version_agree(*, actor: User, version: FrameworkVersion) -> FrameworkVersion:
    """Agree a fully signed-off draft; the version agreed before it becomes superseded.

    Both moves are conditional updates in one transaction, the old one first: the database
    allows one agreed version per consortium.
    """
    _require_admin(actor, version.consortium_id)
    locked = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if (locked.status, VersionStatus.AGREED) not in VERSION_TRANSITIONS:
        raise InvalidTransition(MSG_NOT_DRAFT.format(status=locked.get_status_display().lower()))
    missing = missing_boroughs(locked)
    if missing:
        raise InvalidTransition(MSG_MISSING_BOROUGHS.format(names=_names(missing)))
    if not SignOff.objects.filter(version=locked, provider__isnull=False).exists():
        raise InvalidTransition(MSG_NO_PROVIDER)
    if not Domain.objects.filter(version=locked).exists():
        raise InvalidTransition(MSG_NO_DOMAINS)
    empty = Domain.objects.filter(version=locked, indicators__isnull=True)
    if empty.exists():
        raise InvalidTransition(MSG_NO_INDICATORS.format(names=_names(empty)))
    now = timezone.now()
    FrameworkVersion.objects.filter(
        consortium_id=locked.consortium_id, status=VersionStatus.AGREED
    ).update(status=VersionStatus.SUPERSEDED)
    moved = FrameworkVersion.objects.filter(pk=locked.pk, status=VersionStatus.DRAFT).update(
        status=VersionStatus.AGREED, agreed_at=now, agreed_by=actor
    )
    if moved != 1:  # unreachable while the row is locked; kept as the conditional update's check
        raise InvalidTransition(MSG_NOT_DRAFT.format(status="no longer a draft"))
    locked.refresh_from_db()
    return locked


def _names(rows) -> str:
    return ", ".join(str(row) for row in rows)


# --- Domains ------------------------------------------------------------------------------------


def _check_code(code: str) -> None:
    if not CODE.match(code or "") or len(code) > 40:
        raise DomainError(MSG_CODE, field="code")


def _check_domain(version: FrameworkVersion, *, code: str, name: str, kind: str, pk=None) -> None:
    _check_code(code)
    if Domain.objects.filter(version=version, code=code).exclude(pk=pk).exists():
        raise DomainError(MSG_DOMAIN_CODE_TAKEN, field="code")
    if not name.strip():
        raise DomainError(MSG_DOMAIN_NAME, field="name")
    if kind not in DomainKind.values:
        raise DomainError(MSG_KIND, field="kind")


@transaction.atomic
def domain_create(
    *, actor: User, version: FrameworkVersion, code: str, name: str, kind: str
) -> Domain:
    """Add a domain at the end of a draft; its sign-offs are withdrawn."""
    locked = _editable(actor, version)
    _check_domain(locked, code=code, name=name, kind=kind)
    last = locked.domains.aggregate(top=Max("order"))["top"]
    domain = Domain.objects.create(
        version=locked,
        code=code,
        name=name.strip(),
        kind=kind,
        order=0 if last is None else last + 1,
    )
    _changed(locked)
    return domain


@transaction.atomic
def domain_update(*, actor: User, domain: Domain, code: str, name: str, kind: str) -> Domain:
    """Rename or re-code a draft's domain; its sign-offs are withdrawn."""
    locked = _editable(actor, domain.version)
    _check_domain(locked, code=code, name=name, kind=kind, pk=domain.pk)
    domain.code, domain.name, domain.kind = code, name.strip(), kind
    domain.save(update_fields=["code", "name", "kind"])
    _changed(locked)
    return domain


@transaction.atomic
def domain_delete(*, actor: User, domain: Domain) -> None:
    """Remove a draft's domain and its indicators; its sign-offs are withdrawn."""
    locked = _editable(actor, domain.version)
    domain.delete()
    _changed(locked)


# --- Indicators ---------------------------------------------------------------------------------


def clean_descriptors(scale: str, descriptors: dict | None) -> dict:
    """A rating's descriptor for each point 1..5 (all required); GAS uses the standard ones."""
    if scale != Scale.RATING:
        return {}
    given = {str(key): str(value or "").strip() for key, value in (descriptors or {}).items()}
    if not all(given.get(point) for point in RATING_POINTS):
        raise DomainError(MSG_DESCRIPTORS, field="descriptors")
    return {point: given[point] for point in RATING_POINTS}


def _check_indicator(domain: Domain, *, code: str, name: str, scale: str, pk=None) -> None:
    _check_code(code)
    if Indicator.objects.filter(domain=domain, code=code).exclude(pk=pk).exists():
        raise DomainError(MSG_INDICATOR_CODE_TAKEN, field="code")
    if not name.strip():
        raise DomainError(MSG_INDICATOR_NAME, field="name")
    if scale not in Scale.values:
        raise DomainError(MSG_SCALE, field="scale")


@transaction.atomic
def indicator_create(
    *,
    actor: User,
    domain: Domain,
    code: str,
    name: str,
    scale: str,
    description: str = "",
    descriptors: dict | None = None,
) -> Indicator:
    """Add an indicator at the end of a draft's domain; the draft's sign-offs are withdrawn."""
    locked = _editable(actor, domain.version)
    _check_indicator(domain, code=code, name=name, scale=scale)
    last = domain.indicators.aggregate(top=Max("order"))["top"]
    indicator = Indicator.objects.create(
        domain=domain,
        code=code,
        name=name.strip(),
        description=description.strip(),
        scale=scale,
        descriptors=clean_descriptors(scale, descriptors),
        order=0 if last is None else last + 1,
    )
    _changed(locked)
    return indicator


@transaction.atomic
def indicator_update(
    *,
    actor: User,
    indicator: Indicator,
    code: str,
    name: str,
    scale: str,
    description: str = "",
    descriptors: dict | None = None,
) -> Indicator:
    """Change a draft's indicator (its scale too); the draft's sign-offs are withdrawn."""
    locked = _editable(actor, indicator.domain.version)
    _check_indicator(indicator.domain, code=code, name=name, scale=scale, pk=indicator.pk)
    indicator.code, indicator.name, indicator.scale = code, name.strip(), scale
    indicator.description = description.strip()
    indicator.descriptors = clean_descriptors(scale, descriptors)
    indicator.save(update_fields=["code", "name", "scale", "description", "descriptors"])
    _changed(locked)
    return indicator


@transaction.atomic
def indicator_delete(*, actor: User, indicator: Indicator) -> None:
    """Remove a draft's indicator (no target can use one yet); sign-offs are withdrawn."""
    locked = _editable(actor, indicator.domain.version)
    indicator.delete()
    _changed(locked)
