"""Every plain edit of an audited record is recorded with who made it and what it held before:
through the pages, the API, the Django admin, services, commands and background tasks.

Each edit is checked where a consortium admin would check it: on the change history page.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from boroughs.audit.records import BASELINE_REASON, changes_made_by, history_baseline
from boroughs.choices import Role
from commissioning.celery import app as celery_app
from providers import services as provider_services
from providers.models import DynamicPurchasingSystem, Provider, Setting

from ..factories import UserFactory
from ..providers.gias_files import school_row, write_extract

pytestmark = pytest.mark.django_db

CHANGES = reverse("change_history")

ORGANISATION = {
    "legal_name": "Bright Futures Education Limited",
    "trading_name": "",
    "companies_house_number": "01234567",
    "charity_number": "",
    "registered_address": "1 High Street\nCroydon",
    "postcode": "CR0 1NX",
    "contact_name": "Pat Provider",
    "contact_email": "pat@brightfutures.example.org",
    "contact_phone": "020 7946 0000",
}
SETTING = {
    "name": "Bright Futures School",
    "urn": "",
    "ofsted_urn": "",
    "establishment_type": "10",
    "section41_status": "",
    "age_low": "5",
    "age_high": "19",
    "sex": "mixed",
    "capacity": "50",
    "vacancies": "2",
    "provision": ["day"],
    "weeks_offered": ["38"],
    "needs": ["ASD", "SLCN"],
    "address": "",
    "postcode": "CR0 2AB",
}


def field_change(page: str, field: str) -> tuple[str | None, str]:
    """(from, to) of the newest listed change to `field` on the change history page; a created
    record's values have no "from" (None)."""
    match = re.search(
        rf'<th scope="row" class="govuk-table__header">{re.escape(field)}</th>\s*'
        r'<td class="govuk-table__cell[^"]*">(.*?)</td>\s*'
        r'(?:<td class="govuk-table__cell[^"]*">(.*?)</td>)?\s*</tr>',
        page,
        re.S,
    )
    assert match, f"no change to {field} listed"
    first, second = (unescape(group).strip() if group else None for group in match.groups())
    return (None, first) if second is None else (first, second)


def first_entry(page: str) -> str:
    """The newest entry's card."""
    cards = page.split('<div class="govuk-summary-card">')
    assert len(cards) > 1, "no change listed"
    return cards[1]


@pytest.fixture
def admin_page(admin_user, client_for):
    def read(**params) -> str:
        response = client_for(admin_user).get(CHANGES, params)
        assert response.status_code == 200
        return response.text

    return read


@pytest.fixture
def draft(pat, send_dps, send_day_lot, near_setting):
    """A draft application of Bright Futures naming its enrolled setting on the day lot."""
    application = provider_services.application_start(actor=pat, dps=send_dps)
    return provider_services.application_update(
        actor=pat, application=application, lots=[send_day_lot], settings=[near_setting]
    )


# --- Pages ---------------------------------------------------------------------------------------


def test_a_providers_change_to_its_organisation_page_is_listed_with_who_and_from_what(
    pat, near_setting, client_for, admin_page
):
    client = client_for(pat)
    client.post(reverse("providers:organisation"), ORGANISATION)
    client.post(reverse("providers:organisation"), {**ORGANISATION, "contact_name": "Robin New"})
    page = admin_page(kind="provider")
    entry = first_entry(page)
    assert "Changed: provider Bright Futures Education Limited" in entry
    assert pat.email in entry
    assert field_change(entry, "Contact name") == ("Pat Provider", "Robin New")


def test_a_settings_change_on_its_page_is_listed_with_who_and_from_what(
    pat, near_setting, client_for, admin_page
):
    url = reverse("providers:setting_update", args=[near_setting.public_id])
    response = client_for(pat).post(url, {**SETTING, "vacancies": "1"})
    assert response.status_code == 302, response.context["form"].errors
    entry = first_entry(admin_page(kind="setting"))
    assert "Bright Futures School" in entry and pat.email in entry
    assert field_change(entry, "Vacancies") == ("2", "1")


def test_a_price_set_and_changed_on_its_page_is_listed_as_created_then_changed(
    pat, draft, near_setting, send_day_lot, client_for, admin_page
):
    url = reverse(
        "providers:application_price",
        kwargs={
            "public_id": draft.public_id,
            "setting_id": near_setting.public_id,
            "lot_number": send_day_lot.number,
        },
    )
    client = client_for(pat)
    client.post(url, {"education": "1,200", "weeks_per_year": "38"})
    client.post(url, {"education": "1,300", "therapies": "150.50", "weeks_per_year": "38"})
    page = admin_page(kind="price_line")
    newest, created = page.split('<div class="govuk-summary-card">')[1:3]
    assert "Created: price line Bright Futures School on Lot 1" in created
    assert field_change(created, "Education") == (None, "1,200.00")
    assert "Changed: price line Bright Futures School on Lot 1" in newest and pat.email in newest
    assert field_change(newest, "Education") == ("1,200.00", "1,300.00")
    assert field_change(newest, "Therapies") == ("0.00", "150.50")


def test_a_dps_changed_by_an_admin_on_its_page_is_listed_with_the_admin(
    send_dps, admin_user, client_for, admin_page
):
    data = {
        "name": send_dps.name,
        "starts_on_0": send_dps.starts_on.day,
        "starts_on_1": send_dps.starts_on.month,
        "starts_on_2": send_dps.starts_on.year,
        "ends_on_0": send_dps.ends_on.day,
        "ends_on_1": send_dps.ends_on.month,
        "ends_on_2": send_dps.ends_on.year,
        "conditions_of_membership": "Ofsted Good or better",
    }
    url = reverse("providers:dps_manage", args=[send_dps.public_id])
    assert client_for(admin_user).post(url, data).status_code == 302
    entry = first_entry(admin_page(kind="dps"))
    assert f"Changed: dynamic purchasing system {send_dps.name}" in entry
    assert admin_user.email in entry
    assert field_change(entry, "Conditions of membership") == ("Not set", "Ofsted Good or better")


def test_a_childs_record_changed_on_its_page_is_listed_with_the_commissioner(
    child, alice, client_for, admin_page
):
    data = {
        "reference": "CR-0042",
        "name": "Sam Changed",
        "date_of_birth_0": "14",
        "date_of_birth_1": "3",
        "date_of_birth_2": "2016",
        "sex": "M",
        "home_postcode": "CR0 1AA",
        "primary_need": "SEMH",
        "secondary_needs": ["SLCN"],
        "legal_status": "",
    }
    url = reverse("placements:child_edit", args=[child.public_id])
    assert client_for(alice).post(url, data).status_code == 302
    entry = first_entry(admin_page(kind="child"))
    assert "Changed: child&#x27;s record CR-0042 (Croydon)" in entry and alice.email in entry
    assert field_change(entry, "Name") == ("Sam Example", "Sam Changed")
    assert field_change(entry, "Primary need") == (
        "Autistic spectrum disorder",
        "Social, emotional and mental health",
    )


# --- API -----------------------------------------------------------------------------------------


def test_a_setting_changed_through_the_api_with_a_token_is_listed_with_the_tokens_user(
    pat, near_setting, admin_page
):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=pat).key}")
    url = f"/api/v1/dps/settings/{near_setting.public_id}/"
    assert api.patch(url, {"vacancies": 0}, format="json").status_code == 200
    entry = first_entry(admin_page(kind="setting"))
    assert pat.email in entry
    assert field_change(entry, "Vacancies") == ("2", "0")


def test_a_price_set_through_the_api_is_listed_created_then_changed(
    pat, draft, near_setting, api_for, admin_page
):
    api = api_for(pat)
    url = f"/api/v1/dps/applications/{draft.public_id}/prices/"
    line = {"setting": str(near_setting.public_id), "lot": "iss_day", "weeks_per_year": 38}
    assert api.post(url, {**line, "education": "1200.00"}, format="json").status_code == 201
    assert api.post(url, {**line, "education": "1250.00"}, format="json").status_code == 200
    entry = first_entry(admin_page(kind="price_line"))
    assert pat.email in entry
    assert field_change(entry, "Education") == ("1,200.00", "1,250.00")


def test_a_childs_record_changed_through_the_api_is_listed_with_the_commissioner(
    child, alice, api_for, admin_page
):
    url = f"/api/v1/placements/children/{child.public_id}/"
    response = api_for(alice).patch(url, {"primary_need": "SLD"}, format="json")
    assert response.status_code == 200
    entry = first_entry(admin_page(kind="child"))
    assert alice.email in entry
    assert field_change(entry, "Primary need")[1] == "Severe learning difficulty"


# --- The Django admin, services, commands and tasks ----------------------------------------------


@pytest.fixture
def operator(croydon):
    user = UserFactory(email="ops@example.org", borough=croydon, role=Role.CONSORTIUM_ADMIN)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_a_provider_changed_in_the_django_admin_is_listed_with_the_operator(
    operator, bright_futures, near_setting, client_for, admin_page
):
    provider = bright_futures[0]
    client = client_for(operator)
    url = reverse("admin:providers_provider_change", args=[provider.pk])
    data = {
        **{key: value for key, value in ORGANISATION.items()},
        "legal_name": "Bright Futures Trust Limited",
        "created_at_0": provider.created_at.strftime("%Y-%m-%d"),
        "created_at_1": provider.created_at.strftime("%H:%M:%S"),
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    # Operators read the history in the admin; consortium admins on their page.
    history = client.get(reverse("admin:providers_provider_history", args=[provider.pk]))
    assert "Bright Futures Trust Limited" in history.text and operator.email in history.text
    entry = first_entry(admin_page(kind="provider"))
    assert operator.email in entry
    assert field_change(entry, "Legal name") == (
        "Bright Futures Education Limited",
        "Bright Futures Trust Limited",
    )


def test_a_service_called_outside_a_request_names_what_made_the_change(near_setting, admin_page):
    with changes_made_by("Nightly data fix"):
        Setting.objects.filter(pk=near_setting.pk).first().save()
        setting = Setting.objects.get(pk=near_setting.pk)
        setting.capacity = 55
        setting.save()
    entry = first_entry(admin_page(kind="setting"))
    assert "No user" in entry and "Nightly data fix" in entry
    assert field_change(entry, "Capacity") == ("50", "55")


def test_the_gias_import_command_records_its_changes_with_no_user(tmp_path, admin_user):
    path = write_extract(tmp_path / "gias.csv", [school_row()])
    call_command("import_gias", str(path), verbosity=0)
    write_extract(tmp_path / "gias.csv", [school_row(SchoolCapacity="75")])
    call_command("import_gias", str(path), verbosity=0)
    created, changed = Setting.history.filter(urn="140001").order_by("history_date")
    assert (created.history_type, changed.history_type) == ("+", "~")
    assert (changed.capacity, created.capacity) == (75, 60)
    assert changed.history_user is None
    assert changed.history_change_reason == "manage.py import_gias"


@celery_app.task(name="tests.rename_provider")
def rename_provider(provider_id: int, name: str) -> None:
    provider = Provider.objects.get(pk=provider_id)
    provider.trading_name = name
    provider.save()


def test_a_background_task_names_itself_as_what_made_the_change(
    bright_futures, near_setting, admin_page
):
    rename_provider.delay(bright_futures[0].pk, "Bright Futures")
    entry = first_entry(admin_page(kind="provider"))
    assert "No user" in entry and "Background task tests.rename_provider" in entry
    assert field_change(entry, "Trading name") == ("Not set", "Bright Futures")


def test_an_award_taking_a_vacancy_is_listed_so_the_next_edit_starts_from_the_right_number(
    near_setting, pat, client_for, admin_page
):
    assert provider_services.setting_take_vacancy(setting_id=near_setting.pk)
    client_for(pat).post(
        reverse("providers:setting_update", args=[near_setting.public_id]),
        {**SETTING, "vacancies": "3"},
    )
    page = admin_page(kind="setting")
    newest, taken = page.split('<div class="govuk-summary-card">')[1:3]
    assert "A placement took a vacancy" in taken
    assert field_change(taken, "Vacancies") == ("2", "1")
    assert field_change(newest, "Vacancies") == ("1", "3")


def test_records_older_than_the_audit_trail_get_a_baseline_that_is_not_listed(
    bright_futures, near_setting, admin_user, admin_page
):
    provider = bright_futures[0]
    Provider.history.all().delete()  # as if saved before the audit trail began
    assert history_baseline(Provider) == Provider.objects.count()
    assert history_baseline(Provider) == 0  # safe to run again
    assert Provider.history.get(id=provider.pk).history_change_reason == BASELINE_REASON
    assert "No changes match these filters" in admin_page(kind="provider")
    provider_services.provider_update(
        actor=admin_user, provider=provider, legal_name="Bright Futures Trust Limited"
    )
    entry = first_entry(admin_page(kind="provider"))
    assert field_change(entry, "Legal name") == (
        "Bright Futures Education Limited",
        "Bright Futures Trust Limited",
    )
    assert "earlier values were not recorded" not in entry


def test_a_record_with_no_earlier_version_says_its_earlier_values_were_not_recorded(
    near_setting, admin_page
):
    Setting.history.all().delete()
    Setting.history.bulk_history_create([near_setting], update=True)
    entry = first_entry(admin_page(kind="setting"))
    assert "earlier values were not recorded" in entry
    assert field_change(entry, "Name") == ("Not recorded", "Bright Futures School")


def test_a_dps_deleted_is_listed_as_deleted(consortium, admin_page):
    from providers.demo import seed_demo as seed_dps

    seed_dps(consortium=consortium)
    dps = DynamicPurchasingSystem.objects.get(strand__kind="care")
    dps.lots.all().delete()
    name = dps.name
    dps.delete()
    assert f"Deleted: dynamic purchasing system {name}" in first_entry(admin_page(kind="dps"))


def test_a_save_that_changes_nothing_is_not_an_edit(pat, near_setting, client_for, admin_page):
    before = Setting.history.filter(id=near_setting.pk).count()
    url = reverse("providers:setting_update", args=[near_setting.public_id])
    client_for(pat).post(url, {**SETTING, "vacancies": "1"})
    client_for(pat).post(url, {**SETTING, "vacancies": "1"})  # the same again
    assert Setting.history.filter(id=near_setting.pk).count() == before + 1
