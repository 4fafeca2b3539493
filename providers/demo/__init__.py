"""Demo data for the DPS: one DPS per strand with its lots, and the real South London schools."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from boroughs.models import Consortium, Strand, User

from ..choices import LotKind, Regime
from ..models import DynamicPurchasingSystem, Lot, Provider, ProviderMembership
from ..services.special_schools import special_schools_load

LOTS = {
    "send": [
        LotKind.ISS_DAY,
        LotKind.ISS_RESIDENTIAL_38,
        LotKind.ISS_RESIDENTIAL_52,
        LotKind.NON_MAINTAINED,
        LotKind.POST_16,
        LotKind.THERAPIES,
    ],
    "care": [
        LotKind.FOSTERING,
        LotKind.CHILDRENS_HOME,
        LotKind.SUPPORTED_ACCOMMODATION,
        LotKind.PARENT_AND_CHILD,
    ],
}
# The SEND DPS opened in June 2016 (PCR 2015) and, set up before 24 February 2025, may run to
# about February 2029. The care strand's is a demo dynamic market under the 2023 Act.
DPS_TERMS = {
    "send": (
        "South London SEND placements DPS",
        Regime.PCR_2015_DPS,
        date(2016, 6, 1),
        date(2029, 2, 23),
    ),
    "care": (
        "South London care placements dynamic market",
        Regime.PA_2023_DYNAMIC_MARKET,
        date(2025, 4, 1),
        date(2031, 3, 31),
    ),
}
DEMO_PROVIDER = {
    "legal_name": "Example Care and Education Limited",
    "companies_house_number": "07654321",
    "postcode": "CR0 1NX",
    "contact_email": "provider@example.org",
}


@transaction.atomic
def seed_demo(*, consortium: Consortium) -> None:
    for kind, lots in LOTS.items():
        strand = Strand.objects.get(consortium=consortium, kind=kind)
        name, regime, starts_on, ends_on = DPS_TERMS[kind]
        dps, _ = DynamicPurchasingSystem.objects.update_or_create(
            consortium=consortium,
            strand=strand,
            defaults={"name": name, "regime": regime, "starts_on": starts_on, "ends_on": ends_on},
        )
        for number, lot_kind in enumerate(lots, start=1):
            Lot.objects.update_or_create(
                dps=dps, kind=lot_kind, defaults={"number": number, "name": lot_kind.label}
            )
    special_schools_load()
    provider, _ = Provider.objects.get_or_create(
        companies_house_number=DEMO_PROVIDER["companies_house_number"], defaults=DEMO_PROVIDER
    )
    user = User.objects.filter(email="provider@example.org").first()
    if user:
        ProviderMembership.objects.get_or_create(
            user=user, defaults={"provider": provider, "is_provider_admin": True}
        )
