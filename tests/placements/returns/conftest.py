"""Croydon's placements over the SEN2 year to census day 15 January 2026 and the SSDA903 year to
31 March 2026, each made directly with the dates a hand-worked return needs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from placements.models import Child, Placement
from providers.choices import LotKind
from providers.models import Lot, Provider, Setting


@pytest.fixture
def lots(send_dps, consortium):
    return {lot.kind: lot for lot in Lot.objects.filter(dps__consortium=consortium)}


@pytest.fixture
def schools(db):
    provider = Provider.objects.create(
        legal_name="Bright Futures Ltd", companies_house_number="01234567"
    )
    school = Setting.objects.create(
        provider=provider,
        name="Hill School",
        urn="123456",
        establishment_type="10",
        postcode="SE1 9AB",
    )
    college = Setting.objects.create(
        provider=provider, name="Vale College", ukprn="10012345", establishment_type="32"
    )
    therapy = Setting.objects.create(provider=provider, name="Talk Therapy Centre", urn="654321")
    return school, college, therapy


def child(borough, reference: str, born: date, **details) -> Child:
    """A child of `borough` living in CR0 2AB; `details` as the test needs them."""
    details = {"sex": "F", "primary_need": "SEMH", **details}
    return Child.objects.create(
        borough=borough, reference=reference, date_of_birth=born, home_postcode="CR0 2AB", **details
    )


@pytest.fixture
def sam(alice):
    return child(
        alice.borough,
        "CR-0042",
        date(2010, 3, 14),
        sex="M",
        primary_need="ASD",
        secondary_needs=["SLCN"],
    )


def place(child, setting, lot, starts, ends=None, *, by, provision="day", weeks=38, **extra):
    return Placement.objects.create(
        borough=child.borough,
        child=child,
        setting=setting,
        provider=setting.provider,
        lot=lot,
        provision=provision,
        weeks_per_year=weeks,
        starts_on=starts,
        ends_on=ends,
        status="ended" if ends else "active",
        agreed_weekly=Decimal("1500.00"),
        created_by=by,
        **extra,
    )


@pytest.fixture
def sen2_year(alice, sam, schools, lots):
    """Sam's SEND placements around the January 2026 census (15 January 2026)."""
    school, college, therapy = schools
    return {
        "college": place(
            sam,
            college,
            lots[LotKind.POST_16],
            date(2024, 9, 4),
            date(2025, 7, 18),
            by=alice,
            provision="residential",
            end_reason="phase_complete",
        ),
        "too_early": place(
            sam, school, lots[LotKind.ISS_DAY], date(2023, 9, 1), date(2024, 12, 20), by=alice
        ),
        "school": place(sam, school, lots[LotKind.ISS_DAY], date(2025, 9, 3), by=alice),
        "therapy": place(
            sam, therapy, lots[LotKind.THERAPIES], date(2025, 10, 1), date(2026, 3, 1), by=alice
        ),
        "too_late": place(sam, therapy, lots[LotKind.THERAPIES], date(2026, 2, 1), by=alice),
    }
