"""Pages whose query count must not grow with their rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boroughs.choices import Role
from providers import services

from ..factories import UserFactory
from .conftest import complete_draft

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _submit_applications(count, dps, lot, *, start=0):
    for n in range(start, start + count):
        user = UserFactory(borough=None, role=Role.PROVIDER_USER)
        services.provider_register(
            actor=user,
            legal_name=f"Provider {n} Limited",
            companies_house_number=f"{n + 10:08d}",
            registered_address="1 High Street",
            postcode="CR0 1NX",
            contact_name="A",
            contact_email=user.email,
        )
        setting = services.setting_save(
            actor=user, name=f"School {n}", urn=f"{150000 + n}", needs=["ASD"]
        )
        services.application_submit(actor=user, application=complete_draft(user, dps, setting, lot))


def test_the_accreditation_queue_costs_the_same_for_two_or_six_applications(
    dps, day_lot, reviewer, client_for
):
    client = client_for(reviewer)
    url = reverse("providers:accreditation_queue")
    _submit_applications(2, dps, day_lot)
    few = _queries(client, url)
    _submit_applications(4, dps, day_lot, start=2)
    assert _queries(client, url) == few


def test_a_providers_application_list_costs_the_same_for_one_or_four(
    provider_alice, dps, setting, day_lot, client
):
    client.force_login(provider_alice)
    url = reverse("providers:application_list")
    complete_draft(provider_alice, dps, setting, day_lot)
    few = _queries(client, url)
    for _ in range(3):
        services.application_start(actor=provider_alice, dps=dps)
    assert _queries(client, url) == few


def test_a_providers_dashboard_costs_the_same_for_one_or_four_applications(
    provider_alice, dps, setting, day_lot, client
):
    client.force_login(provider_alice)
    url = reverse("dashboard")
    complete_draft(provider_alice, dps, setting, day_lot)
    few = _queries(client, url)
    for _ in range(3):
        services.application_start(actor=provider_alice, dps=dps)
    page = client.get(url).text
    assert page.count("South London SEND placements DPS") == 4
    assert _queries(client, url) == few
