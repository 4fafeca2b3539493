"""A Croydon care request answered in the standard, awarded to a children's home at £4,200.50."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from placements import services
from placements.models import FeeChange, Placement
from providers.choices import LotKind
from providers.models import Lot, Setting

from ..fixtures import request_fields
from .helpers import care_answers


@pytest.fixture
def care_lot(send_dps):
    return Lot.objects.get(dps__strand__kind="care", kind=LotKind.CHILDRENS_HOME)


@pytest.fixture
def care_request(alice, child, care_lot):
    return services.request_create(
        actor=alice,
        child=child,
        **request_fields(
            care_lot, provision="residential", weeks_per_year=52, standard=care_answers()
        ),
    )


@pytest.fixture
def care_placement(care_request, bob, bright_futures, care_lot):
    provider = bright_futures[0]
    home = Setting.objects.create(
        provider=provider,
        name="Oak House",
        ofsted_urn="SC123456",
        postcode="CR0 2AB",
        offers_residential=True,
    )
    starts = timezone.localdate() - timedelta(days=30)
    placement = Placement.objects.create(
        borough=care_request.borough,
        child=care_request.child,
        request=care_request,
        setting=home,
        provider=provider,
        lot=care_lot,
        provision="residential",
        weeks_per_year=52,
        starts_on=starts,
        agreed_weekly=Decimal("4200.50"),
        distance_km=Decimal("3.2"),
        created_by=bob,
    )
    FeeChange.objects.create(
        placement=placement, effective_from=starts, weekly_fee=Decimal("4200.50"), recorded_by=bob
    )
    return placement
