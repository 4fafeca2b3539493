"""The demo's providers and their settings, priced and enrolled on the DPS lots.

The DfE list's schools get a provider, a place, ages and needs; the care settings are invented
(and only they carry an Ofsted judgement). Every setting is enrolled on its lots under one
accredited application per provider and DPS.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from boroughs.choices import Role
from boroughs.geo import Location
from boroughs.models import Borough, User
from providers.choices import (
    ApplicationStatus,
    Declaration,
    ExclusionGround,
    InspectionFramework,
    LotKind,
)
from providers.demo import DEMO_PROVIDER
from providers.models import (
    Application,
    Enrolment,
    ExclusionAnswer,
    Inspection,
    Lot,
    PriceLine,
    Provider,
    ProviderMembership,
    Setting,
)

from ..choices import Sex
from .data import (
    CARE_OFSTED,
    CARE_SETTINGS,
    CARE_SHARES,
    CEILINGS,
    POST_16_NAMES,
    PROVIDERS,
    SCHOOLS,
    SHARES,
    WEEKS,
    DemoProvider,
    Geography,
    split,
)
from .dates import at
from .evidence import seed_evidence
from .users import demo_users

SCHOOL_FIELDS = [
    "provider", "needs", "age_low", "age_high", "sex", "offers_residential", "latitude",
    "longitude", "capacity", "vacancies", "weeks_offered",
]  # fmt: skip


@dataclass
class Site:
    """A seeded setting as matching sees it: where it is and its weekly ceiling on each lot."""

    pk: int
    provider_id: int
    needs: frozenset[str]
    age_low: int
    age_high: int
    sex: str
    residential: bool
    home: Location
    ceilings: dict[int, Decimal]

    @classmethod
    def of(cls, setting: Setting) -> Site:
        home = Location(setting.latitude, setting.longitude, "postcode")
        return cls(
            setting.pk, setting.provider_id, frozenset(setting.needs), setting.age_low,
            setting.age_high, setting.sex, setting.offers_residential, home, {},
        )  # fmt: skip

    def fits(self, lot: Lot, need: str | None, age: int, sex: str, residential: bool) -> bool:
        """Matching's static rules (placements.matching), without the vacancy."""
        return (
            lot.pk in self.ceilings
            and self.age_low <= age <= self.age_high
            and self.sex in ("mixed", "girls" if sex == Sex.FEMALE else "boys")
            and (self.residential or not residential)
            and (need is None or need in self.needs)
        )


def with_vacancy(sites: list[Site]) -> list[Site]:
    """The sites with a vacancy now: awards, ends and moves change them as the history runs."""
    pks = [site.pk for site in sites]
    free = set(Setting.objects.filter(pk__in=pks, vacancies__gt=0).values_list("pk", flat=True))
    return [site for site in sites if site.pk in free]


# --- Providers ------------------------------------------------------------------------------


def demo_providers(rng: random.Random, geo: Geography) -> dict[str, Provider]:
    """The demo provider of providers.demo and the invented ones, each with a user."""
    example = Provider.objects.get(companies_house_number=DEMO_PROVIDER["companies_house_number"])
    pat = User.objects.filter(email=DEMO_PROVIDER["contact_email"]).first()
    if pat is None:
        [pat] = demo_users(
            [(DEMO_PROVIDER["contact_email"], "Pat Provider", None, Role.PROVIDER_USER)]
        )
    ProviderMembership.objects.get_or_create(
        user=pat, defaults={"provider": example, "is_provider_admin": True}
    )
    made = Provider.objects.bulk_create(_provider(rng, geo, spec) for spec in PROVIDERS)
    users = demo_users([(p.user_email, p.user_name, None, Role.PROVIDER_USER) for p in PROVIDERS])
    ProviderMembership.objects.bulk_create(
        ProviderMembership(user=user, provider=provider, is_provider_admin=True)
        for user, provider in zip(users, made, strict=True)
    )
    return {"example": example} | {spec.key: p for spec, p in zip(PROVIDERS, made, strict=True)}


def _provider(rng: random.Random, geo: Geography, spec: DemoProvider) -> Provider:
    return Provider(
        legal_name=spec.legal_name,
        companies_house_number=spec.number,
        postcode=geo.postcode(rng, spec.office_borough)[0],  # its office: in a real postcode
        contact_name=spec.user_name,
        contact_email=spec.user_email,
        details_confirmed_at=timezone.now(),
    )


# --- Settings -------------------------------------------------------------------------------


def demo_settings(
    rng: random.Random,
    geo: Geography,
    boroughs: dict[str, Borough],
    providers: dict[str, Provider],
    lots: dict[str, Lot],
    today: date,
) -> list[Site]:
    """Run the schools and open the care settings; price and enrol them all on their lots."""
    placed = _schools(rng, geo, boroughs, providers)
    placed += _care_settings(rng, geo, boroughs, providers, today)
    return _enrol(rng, placed, lots, today)


def _schools(rng, geo, boroughs, providers) -> list[tuple[Setting, list[str]]]:
    """Give the DfE list's schools a provider, a place, ages and needs; and their lots."""
    ons_by_la = {b.dfe_la_code: code for code, b in boroughs.items()}
    placed = []
    for setting in Setting.objects.filter(name__in=SCHOOLS, provider__isnull=True):
        key, needs, low, high, sex, residential = SCHOOLS[setting.name]
        # The DfE list gives only the borough: somewhere in it, not the school's address.
        where = geo.near_centre(rng, ons_by_la[setting.dfe_la_code])
        setting.provider, setting.needs, setting.age_low, setting.age_high = (
            providers[key], needs.split(), low, high)  # fmt: skip
        setting.sex, setting.offers_residential = sex, residential is not None
        setting.latitude, setting.longitude = where.latitude, where.longitude
        setting.capacity, setting.vacancies = rng.randint(24, 90), rng.randint(6, 12)
        setting.weeks_offered = [38, 52] if residential == LotKind.ISS_RESIDENTIAL_52 else [38]
        kinds = [LotKind.POST_16] if setting.name in POST_16_NAMES else [LotKind.ISS_DAY]
        placed.append((setting, kinds + ([residential] if residential else [])))
    # With history, so a demo provider's first edit starts from these values (boroughs.audit).
    bulk_update_with_history(
        [setting for setting, _ in placed],
        Setting,
        SCHOOL_FIELDS,
        default_change_reason="manage.py seed_demo",
    )
    return placed


def _care_settings(rng, geo, boroughs, providers, today) -> list[tuple[Setting, list[str]]]:
    """The invented children's homes and fostering services, each with an Ofsted judgement."""
    placed, inspections = [], []
    for index, (name, urn, kind, lot, key, ons, low, high, places) in enumerate(CARE_SETTINGS):
        postcode, where = geo.postcode(rng, ons)
        setting = Setting(
            provider=providers[key], name=name, ofsted_urn=urn, establishment_type=kind,
            age_low=low, age_high=high, capacity=places, vacancies=max(places // 3, 2),
            offers_day=False, offers_residential=True, weeks_offered=[52], postcode=postcode,
            latitude=where.latitude, longitude=where.longitude, dfe_la_code=boroughs[ons].dfe_la_code,
        )  # fmt: skip
        inspections.append(
            Inspection(
                setting=setting,
                framework=InspectionFramework.CHILDRENS_HOME,
                overall=CARE_OFSTED[index],
                source="Demo data",
                inspected_on=today - timedelta(days=rng.randint(60, 700)),
            )
        )
        placed.append((setting, [lot]))
    Setting.objects.bulk_create([setting for setting, _ in placed])
    Inspection.objects.bulk_create(inspections)
    return placed


# --- Enrolment ------------------------------------------------------------------------------


def _enrol(rng, placed, lots, today: date) -> list[Site]:
    """A price line and an enrolment per setting and lot, under its provider's application."""
    applications: dict[tuple[int, int], Application] = {}
    lines, sites = [], []
    for setting, kinds in placed:
        site = Site.of(setting)
        for kind in kinds:
            lot = lots[kind]
            key = (setting.provider_id, lot.dps_id)
            if key not in applications:
                applications[key] = _accredited(rng, setting.provider_id, lot.dps, today)
            ceiling = _ceiling(rng, kind, set(setting.needs))
            lines.append(
                PriceLine(application=applications[key], setting=setting, lot=lot,
                          weeks_per_year=WEEKS.get(kind, 52),
                          **split(ceiling, SHARES.get(kind, CARE_SHARES)))
            )  # fmt: skip
            site.ceilings[lot.pk] = Decimal(ceiling)
        sites.append(site)
    Application.objects.bulk_create(applications.values())
    # Every exclusion ground answered "does not apply": an accredited questionnaire is complete.
    ExclusionAnswer.objects.bulk_create(
        ExclusionAnswer(application=application, ground=ground, applies=False)
        for application in applications.values()
        for ground in ExclusionGround
    )
    seed_evidence(applications.values())
    _applied_for(lines)
    PriceLine.objects.bulk_create([*lines, *_unpriced(lines)])
    Enrolment.objects.bulk_create(
        Enrolment(setting_id=line.setting_id, lot=line.lot, application=line.application,
                  price=line, enrolled_at=line.application.decided_at)
        for line in lines
    )  # fmt: skip
    return sites


def _unpriced(lines: list[PriceLine]) -> list[PriceLine]:
    """A price for each setting an application names on each lot it names that the enrolled
    lines leave out: a complete questionnaire prices every pair. Not enrolled: accreditation
    enrolled the places the borough buys. Their own random numbers leave the rest of the demo
    as it was."""
    rng = random.Random("unpriced")  # noqa: S311  not security
    by_application: dict[int, list[PriceLine]] = {}
    for line in lines:
        # The lines were made before their application was saved: its pk, not application_id.
        by_application.setdefault(line.application.pk, []).append(line)
    extra = []
    for rows in by_application.values():
        settings = {line.setting_id: line.setting for line in rows}
        lots = {line.lot_id: line.lot for line in rows}
        priced = {(line.setting_id, line.lot_id) for line in rows}
        for setting_id, setting in settings.items():
            for lot_id, lot in lots.items():
                if (setting_id, lot_id) in priced:
                    continue
                ceiling = _ceiling(rng, lot.kind, set(setting.needs))
                extra.append(
                    PriceLine(application=rows[0].application, setting=setting, lot=lot,
                              weeks_per_year=WEEKS.get(lot.kind, 52),
                              **split(ceiling, SHARES.get(lot.kind, CARE_SHARES)))
                )  # fmt: skip
    return extra


def _applied_for(lines: list[PriceLine]) -> None:
    """Each application names the settings and lots it priced."""
    pairs = dict.fromkeys((line.application.pk, line.setting.pk, line.lot.pk) for line in lines)
    settings = dict.fromkeys((application, setting) for application, setting, _ in pairs)
    lots = dict.fromkeys((application, lot) for application, _, lot in pairs)
    Application.settings.through.objects.bulk_create(
        Application.settings.through(application_id=a, setting_id=s) for a, s in settings
    )
    Application.lots.through.objects.bulk_create(
        Application.lots.through(application_id=a, lot_id=lot) for a, lot in lots
    )


def _accredited(rng, provider_id, dps, today: date) -> Application:
    """An application accredited in the DPS's first two years, and at least a month before today
    (saved with the others): the demo's past is computed from the day it is seeded."""
    latest = (today - timedelta(days=30) - dps.starts_on).days
    submitted = at(rng, dps.starts_on + timedelta(days=rng.randint(10, max(11, min(700, latest)))))
    decided = submitted + timedelta(days=rng.randint(8, 14))
    return Application(
        provider_id=provider_id, dps=dps, status=ApplicationStatus.ACCREDITED,
        created_at=submitted - timedelta(days=rng.randint(3, 20)), submitted_at=submitted,
        decided_at=decided, declarations=list(Declaration.values),
        declarations_confirmed_at=submitted, employers_liability_cover=Decimal("10000000.00"),
        public_liability_cover=Decimal("5000000.00"), decision_reason="Meets every condition of membership.",
    )  # fmt: skip


def _ceiling(rng: random.Random, kind: str, needs: set[str]) -> int:
    low, high = CEILINGS[kind]
    if kind == LotKind.ISS_DAY:  # complex needs cost more
        low, high = (1700, 2200) if needs & {"PMLD", "SLD", "MSI", "PD"} else (low, high)
        low, high = (900, 1600) if needs <= {"SEMH", "SPLD", "MLD"} else (low, high)
    return rng.randrange(low, high + 1, 5)
