"""Outcomes fixtures, shared by every test folder (registered in tests/conftest.py).

An agreed framework (version 1, from outcomes.defaults) signed off by the consortium's boroughs
and Bright Futures; three school years of terms; and two targets on the `placement` fixture.
Rows are made directly: the outcomes tests cover the services that make them in use.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from outcomes.choices import Scale, VersionStatus
from outcomes.defaults import DEFAULT_DOMAINS, RATING_DESCRIPTORS, default_terms
from outcomes.models import (
    Domain,
    FrameworkVersion,
    Indicator,
    OutcomeTarget,
    SignOff,
    Term,
)


def build_framework(consortium, actor, *, number=1, status=VersionStatus.AGREED):
    version = FrameworkVersion.objects.create(
        consortium=consortium,
        number=number,
        title="South London outcomes framework",
        status=status,
        created_by=actor,
        agreed_at=timezone.now() if status == VersionStatus.AGREED else None,
        agreed_by=actor if status == VersionStatus.AGREED else None,
    )
    for order, (code, name, kind, indicators) in enumerate(DEFAULT_DOMAINS):
        domain = Domain.objects.create(
            version=version, code=code, name=name, kind=kind, order=order
        )
        for i_order, (i_code, i_name, scale) in enumerate(indicators):
            Indicator.objects.create(
                domain=domain,
                code=i_code,
                name=i_name,
                scale=scale,
                descriptors=RATING_DESCRIPTORS if scale == Scale.RATING else {},
                order=i_order,
            )
    return version


@pytest.fixture
def framework(consortium, admin_user, bright_futures, pat):
    """Version 1, agreed: every member borough and Bright Futures signed it off."""
    version = build_framework(consortium, admin_user)
    for borough in consortium.boroughs.all():
        SignOff.objects.create(version=version, borough=borough, signed_by=admin_user)
    SignOff.objects.create(version=version, provider=bright_futures[0], signed_by=pat)
    return version


@pytest.fixture
def terms(consortium):
    """Terms of 2024/25, 2025/26 and 2026/27, oldest first; returns due 14 days after each."""
    rows = []
    for year in (2024, 2025, 2026):
        for name, starts, ends, due in default_terms(year):
            rows.append(
                Term.objects.create(
                    consortium=consortium,
                    academic_year=year,
                    name=name,
                    starts_on=starts,
                    ends_on=ends,
                    returns_due_on=due,
                )
            )
    return rows


@pytest.fixture
def targets(placement, framework, alice):
    """Two targets on `placement`: communication (GAS, -2 to 0) and travel (rating, 2 to 4)."""
    communication = Indicator.objects.get(domain__version=framework, code="communication")
    travel = Indicator.objects.get(domain__version=framework, code="travel")
    return [
        OutcomeTarget.objects.create(
            placement=placement,
            indicator=communication,
            outcome="Uses a communication aid to ask for help in class",
            baseline=-2,
            target=0,
            target_date=date(2027, 7, 31),
            set_by=alice,
        ),
        OutcomeTarget.objects.create(
            placement=placement,
            indicator=travel,
            outcome="Travels to school on the bus with a travel buddy",
            baseline=2,
            target=4,
            target_date=date(2027, 7, 31),
            set_by=alice,
        ),
    ]
