"""Placement fixtures, shared by every test folder (registered in tests/conftest.py).

Two providers with enrolled settings on the SEND day lot (Bright Futures near the child in
Croydon, Other Schools in Sutton), a Croydon child, and requests in each state, built through
the services as a commissioner and providers would. Enrolments are made directly (the DPS tests
cover accreditation); everything from the request onwards goes through placements.services.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from boroughs.choices import Role
from boroughs.models import Postcode
from placements import services
from placements.models import Child
from providers.choices import ApplicationStatus, LotKind
from providers.demo import seed_demo as seed_dps
from providers.models import (
    Application,
    DynamicPurchasingSystem,
    Enrolment,
    Lot,
    PriceLine,
    Provider,
    ProviderMembership,
    Setting,
)

from ..factories import UserFactory
from ..shared import shared

CROYDON = "E09000008"

HOME = ("CR0 1AA", Decimal("51.36765"), Decimal("-0.10040"))


def enrolled_setting(
    provider: Provider,
    lot: Lot,
    *,
    name: str,
    latitude: str,
    longitude: str,
    weekly_ceiling: Decimal,
    vacancies: int = 2,
    needs=("ASD", "SLCN"),
    age_low: int = 5,
    age_high: int = 19,
    **extra,
) -> Setting:
    """A setting of `provider` accredited and enrolled on `lot` at `weekly_ceiling` (38 weeks)."""
    setting = Setting.objects.create(
        provider=provider,
        name=name,
        establishment_type="10",
        age_low=age_low,
        age_high=age_high,
        capacity=50,
        vacancies=vacancies,
        needs=list(needs),
        latitude=Decimal(latitude),
        longitude=Decimal(longitude),
        weeks_offered=[38],
        **extra,
    )
    application = Application.objects.create(
        provider=provider, dps=lot.dps, status=ApplicationStatus.ACCREDITED
    )
    price = PriceLine.objects.create(
        application=application,
        setting=setting,
        lot=lot,
        education=weekly_ceiling,
        weeks_per_year=38,
    )
    Enrolment.objects.create(setting=setting, lot=lot, application=application, price=price)
    return setting


def provider_with_user(email: str, legal_name: str, number: str) -> tuple[Provider, object]:
    provider = Provider.objects.create(legal_name=legal_name, companies_house_number=number)
    user = UserFactory(email=email, borough=None, role=Role.PROVIDER_USER)
    ProviderMembership.objects.create(user=user, provider=provider, is_provider_admin=True)
    return provider, user


def send_dps_build(consortium) -> DynamicPurchasingSystem:
    seed_dps(consortium=consortium)
    return DynamicPurchasingSystem.objects.get(strand__kind="send")


def send_day_lot_of(send_dps) -> Lot:
    return Lot.objects.get(dps=send_dps, kind=LotKind.ISS_DAY)


def bright_futures_build():
    return provider_with_user(
        "pat@brightfutures.example.org", "Bright Futures Education Limited", "01234567"
    )


def other_schools_build():
    return provider_with_user("olly@otherschools.example.org", "Other Schools Limited", "07777777")


def near_setting_build(bright_futures, send_day_lot) -> Setting:
    return enrolled_setting(
        bright_futures[0],
        send_day_lot,
        name="Bright Futures School",
        latitude="51.37455",
        longitude="-0.09889",
        weekly_ceiling=Decimal("1650.50"),
    )


def far_setting_build(other_schools, send_day_lot) -> Setting:
    return enrolled_setting(
        other_schools[0],
        send_day_lot,
        name="Other Schools Sutton",
        latitude="51.35992",
        longitude="-0.19302",
        weekly_ceiling=Decimal("1900.00"),
    )


def home_postcode_build() -> Postcode:
    postcode, latitude, longitude = HOME
    return Postcode.objects.create(
        postcode=postcode, outcode="CR0", latitude=latitude, longitude=longitude
    )


def child_build(alice) -> Child:
    return services.child_save(
        actor=alice,
        reference="CR-0042",
        name="Sam Example",
        date_of_birth=date(2016, 3, 14),
        sex="M",
        home_postcode=HOME[0],
        primary_need="ASD",
        secondary_needs=["SLCN"],
    )


@pytest.fixture
def send_dps(request, consortium):
    return shared(request, "send_dps") or send_dps_build(consortium)


@pytest.fixture
def send_day_lot(request, send_dps):
    return shared(request, "send_day_lot") or send_day_lot_of(send_dps)


@pytest.fixture
def bright_futures(request, consortium):
    """The first provider and its user."""
    return shared(request, "bright_futures") or bright_futures_build()


@pytest.fixture
def other_schools(request, consortium):
    """The second provider (the outsider to the first) and its user."""
    return shared(request, "other_schools") or other_schools_build()


@pytest.fixture
def pat(bright_futures):
    return bright_futures[1]


@pytest.fixture
def olly(other_schools):
    return other_schools[1]


@pytest.fixture
def near_setting(request, bright_futures, send_day_lot):
    """In Croydon, about 1 km from the child's home; ceiling £1,650.50 a week."""
    return shared(request, "near_setting") or near_setting_build(bright_futures, send_day_lot)


@pytest.fixture
def far_setting(request, other_schools, send_day_lot):
    """In Sutton, about 6 km away; ceiling £1,900.00 a week."""
    return shared(request, "far_setting") or far_setting_build(other_schools, send_day_lot)


@pytest.fixture
def home_postcode(request, db):
    return shared(request, "home_postcode") or home_postcode_build()


@pytest.fixture
def child(request, alice, home_postcode):
    """A Croydon child, autistic, aged 10 on the request's start date."""
    return shared(request, "child") or child_build(alice)


def request_fields(lot: Lot, **overrides) -> dict:
    today = timezone.localdate()
    return {
        "lot": lot,
        "required_start_on": today + timedelta(days=60),
        "provision": "day",
        "weeks_per_year": 38,
        "needs_summary": "Autistic; needs a small class and a predictable routine.",
        "risks": "Can leave the classroom when anxious.",
        "communication": "Verbal; uses a visual timetable.",
        "compatibility": "Best with calm peers of a similar age.",
        "budget_ceiling_weekly": Decimal("1800.00"),
        "response_deadline": today + timedelta(days=14),
        "mainstream_considered": True,
        "in_borough_considered": True,
        "not_met_reasons": ["needs_exceed_mainstream", "no_local_place"],
        "not_met_explanation": "",
        **overrides,
    }


def draft_request_build(alice, child, send_day_lot):
    return services.request_create(actor=alice, child=child, **request_fields(send_day_lot))


@pytest.fixture
def draft_request(request, alice, child, send_day_lot):
    return shared(request, "draft_request") or draft_request_build(alice, child, send_day_lot)


@pytest.fixture
def emails(django_capture_on_commit_callbacks):
    """Run what services queue after commit (the emails), as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def open_request_build(alice, draft_request, near_setting, far_setting, emails):
    with emails():
        services.request_invite(
            actor=alice,
            placement_request=draft_request,
            setting_ids=[near_setting.pk, far_setting.pk],
        )
    draft_request.refresh_from_db()
    return draft_request


@pytest.fixture
def open_request(request, alice, draft_request, near_setting, far_setting, emails):
    """Sent to both settings."""
    return shared(request, "open_request") or open_request_build(
        alice, draft_request, near_setting, far_setting, emails
    )


def offer_fields(education: str, **overrides) -> dict:
    return {
        "education": Decimal(education),
        "care": Decimal("0.00"),
        "therapies": Decimal("120.00"),
        "one_to_one": Decimal("0.00"),
        "transport": Decimal("0.00"),
        "other": Decimal("0.00"),
        "weeks_per_year": 38,
        "proposed_start_on": timezone.localdate() + timedelta(days=60),
        "conditions": "",
        **overrides,
    }


@pytest.fixture
def near_invitation(request, open_request, near_setting):
    return shared(request, "near_invitation") or open_request.invitations.get(setting=near_setting)


@pytest.fixture
def far_invitation(request, open_request, far_setting):
    return shared(request, "far_invitation") or open_request.invitations.get(setting=far_setting)


def offered_request_build(open_request, near_invitation, far_invitation, pat, olly, emails):
    with emails():
        services.offer_submit(actor=pat, invitation=near_invitation, **offer_fields("1400.00"))
        services.offer_submit(actor=olly, invitation=far_invitation, **offer_fields("1600.00"))
    return open_request


@pytest.fixture
def offered_request(request, open_request, near_invitation, far_invitation, pat, olly, emails):
    """Both offered: Bright Futures £1,520.00 a week, Other Schools £1,720.00 (38 weeks)."""
    return shared(request, "offered_request") or offered_request_build(
        open_request, near_invitation, far_invitation, pat, olly, emails
    )


def evaluating_request_build(alice, offered_request):
    services.request_close(actor=alice, placement_request=offered_request)
    offered_request.refresh_from_db()
    return offered_request


@pytest.fixture
def evaluating_request(request, alice, offered_request):
    return shared(request, "evaluating_request") or evaluating_request_build(alice, offered_request)


def placement_build(alice, evaluating_request, near_invitation, far_invitation, emails):
    for invitation, needs_fit in ((near_invitation, 3), (far_invitation, 2)):
        services.offer_rate(actor=alice, offer=invitation.offer, needs_fit=needs_fit)
    near_invitation.refresh_from_db()
    with emails():
        return services.request_award(
            actor=alice,
            placement_request=evaluating_request,
            invitation=near_invitation,
            reason="Nearest, Good Ofsted, lowest price",
        )


@pytest.fixture
def placement(request, alice, evaluating_request, near_invitation, far_invitation, emails):
    """Awarded to Bright Futures at £1,520.00 a week against its £1,650.50 ceiling, once both
    offers are rated for needs fit (Bright Futures 3 of 4, Other Schools 2)."""
    return shared(request, "placement") or placement_build(
        alice, evaluating_request, near_invitation, far_invitation, emails
    )


@pytest.fixture
def bromley_child(charlie, db):
    return Child.objects.create(
        borough=charlie.borough,
        reference="BR-0007",
        date_of_birth=date(2012, 5, 1),
        sex="F",
        home_postcode="BR1 1AB",
        primary_need="SEMH",
    )
