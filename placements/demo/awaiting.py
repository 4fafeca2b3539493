"""A DPS application waiting for a decision, so a reviewer's queue has work in the demo.

A new provider has applied to the care strand's dynamic market with one children's home: its
questionnaire complete, its prices in, its evidence uploaded and not yet checked, submitted a few
days ago. Its own random numbers (like demo evidence), so the rest of the demo draws what it drew
before; a provider user (provider.riverside@example.org) can sign in to see it from their side.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from boroughs.choices import Role
from boroughs.models import Borough
from providers.choices import ApplicationStatus, Declaration, ExclusionGround, LotKind
from providers.models import (
    Application,
    ExclusionAnswer,
    Lot,
    PriceLine,
    Provider,
    ProviderMembership,
    Setting,
)

from .data import CARE_SHARES, Geography, split
from .dates import at
from .evidence import seed_evidence
from .users import demo_users

APPLICANT = {
    "legal_name": "Riverside Children's Homes Limited",
    "companies_house_number": "08000099",
    "contact_name": "Rita Riverside",
    "contact_email": "provider.riverside@example.org",
}
HOME = ("Riverside House", "SC900099", "E09000024")  # name, Ofsted URN, borough (Merton)


def seed_awaiting_decision(
    geo: Geography, boroughs: dict[str, Borough], lots: dict[str, Lot], today: date
) -> Application:
    rng = random.Random("awaiting decision")  # noqa: S311  not security
    name, urn, ons = HOME
    postcode, where = geo.postcode(rng, ons)
    provider = Provider.objects.create(
        **APPLICANT, postcode=postcode, details_confirmed_at=timezone.now()
    )
    [user] = demo_users([(APPLICANT["contact_email"], APPLICANT["contact_name"], None,
                          Role.PROVIDER_USER)])  # fmt: skip
    ProviderMembership.objects.create(user=user, provider=provider, is_provider_admin=True)
    home = Setting.objects.create(
        provider=provider, name=name, ofsted_urn=urn, establishment_type="K2", age_low=10,
        age_high=17, capacity=4, vacancies=2, offers_day=False, offers_residential=True,
        weeks_offered=[52], postcode=postcode, latitude=where.latitude,
        longitude=where.longitude, dfe_la_code=boroughs[ons].dfe_la_code,
    )  # fmt: skip
    lot = lots[LotKind.CHILDRENS_HOME]
    submitted = at(rng, today - timedelta(days=rng.randint(2, 5)))
    application = Application.objects.create(
        provider=provider, dps=lot.dps, status=ApplicationStatus.SUBMITTED,
        created_at=submitted - timedelta(days=6), submitted_at=submitted,
        declarations=list(Declaration.values), declarations_confirmed_at=submitted,
        declarations_confirmed_by=user, employers_liability_cover=Decimal("10000000.00"),
        public_liability_cover=Decimal("5000000.00"),
    )  # fmt: skip
    application.settings.add(home)
    application.lots.add(lot)
    ExclusionAnswer.objects.bulk_create(
        ExclusionAnswer(application=application, ground=ground, applies=False)
        for ground in ExclusionGround
    )
    PriceLine.objects.create(
        application=application, setting=home, lot=lot, weeks_per_year=52,
        **split(rng.randrange(5200, 6400, 5), CARE_SHARES),
    )  # fmt: skip
    seed_evidence([application])
    return application
