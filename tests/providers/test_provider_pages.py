"""The provider's pages for its organisation and settings, and who may reach a provider's pages,
driven through the test client as a provider's user would."""

import pytest
from django.urls import reverse

from providers import services
from providers.choices import ApplicationStatus
from providers.models import Provider, ProviderMembership, Setting

from .conftest import url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]


REGISTRATION = {
    "legal_name": "Hillside Learning Limited",
    "trading_name": "Hillside School",
    "companies_house_number": "sc 123 457",
    "charity_number": "",
    "registered_address": "2 Hill Road\nCroydon",
    "postcode": "cr0 2ab",
    "contact_name": "Sam Head",
    "contact_email": "sam@hillside.example.org",
    "contact_phone": "020 7946 0000",
}
SETTING = {
    "name": "Hillside School",
    "urn": "149555",
    "ofsted_urn": "",
    "establishment_type": "10",
    "section41_status": "approved",
    "age_low": "7",
    "age_high": "19",
    "sex": "mixed",
    "capacity": "60",
    "vacancies": "4",
    "provision": ["day"],
    "weeks_offered": ["38", "39"],
    "needs": ["ASD", "SEMH"],
    "address": "2 Hill Road",
    "postcode": "cr0 2ab",
}


def object_pages(application, setting, lot):
    """Every page that names one of a provider's own objects, with the methods it answers."""
    app = {"public_id": application.public_id}
    return [
        ("setting_update", {"public_id": setting.public_id}, "get"),
        ("application_detail", app, "get"),
        ("application_submit", app, "post"),
        ("application_answer", app, "post"),
        ("application_lots", app, "get"),
        ("application_questionnaire", app, "get"),
        ("application_evidence", app, "get"),
        ("application_prices", app, "get"),
        (
            "application_price",
            {**app, "setting_id": setting.public_id, "lot_number": lot.number},
            "get",
        ),
    ]


# --- Registration and organisation ----------------------------------------------------------------


def test_a_new_provider_registers_its_organisation_and_becomes_its_provider_admin(
    client_for, provider_user
):
    client = client_for(provider_user)
    assert "Register your organisation" in client.get(reverse("dashboard")).text
    response = client.post(url("register"), REGISTRATION, follow=True)
    assert "Your organisation is registered" in response.text
    provider = Provider.objects.get(legal_name="Hillside Learning Limited")
    assert (provider.companies_house_number, provider.postcode) == ("SC123457", "CR0 2AB")
    assert ProviderMembership.objects.get(user=provider_user).is_provider_admin
    assert "Hillside Learning Limited" in client.get(reverse("dashboard")).text


def test_a_bad_companies_house_number_is_shown_at_the_field(client_for, provider_user):
    response = client_for(provider_user).post(
        url("register"), {**REGISTRATION, "companies_house_number": "123"}
    )
    page = response.text
    assert "<title>Error: Register your organisation" in page
    assert "There is a problem" in page
    message = "Enter a Companies House number of 8 characters, like 01234567 or SC123456"
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}' in page
    assert not Provider.objects.filter(legal_name="Hillside Learning Limited").exists()


def test_a_provider_records_its_ppon_and_a_malformed_one_is_refused_at_the_field(
    client_for, provider_user
):
    client = client_for(provider_user)
    refused = client.post(url("register"), {**REGISTRATION, "ppon": "12345"})
    assert "Enter the PPON as Find a Tender shows it, like PABC-1234-DEFG" in refused.text
    assert not Provider.objects.filter(legal_name="Hillside Learning Limited").exists()
    client.post(url("register"), {**REGISTRATION, "ppon": "pabc-1234-defg"})
    assert Provider.objects.get(legal_name="Hillside Learning Limited").ppon == "PABC-1234-DEFG"


def test_registration_needs_a_companies_house_or_charity_number(client_for, provider_user):
    response = client_for(provider_user).post(
        url("register"), {**REGISTRATION, "companies_house_number": ""}
    )
    assert "Enter a Companies House number or a charity number" in response.text
    assert not Provider.objects.filter(legal_name="Hillside Learning Limited").exists()


def test_a_companies_house_number_already_registered_is_refused(
    client_for, provider_user, provider_alice
):
    response = client_for(provider_user).post(
        url("register"), {**REGISTRATION, "companies_house_number": "01234567"}
    )
    assert (
        'href="#id_companies_house_number">An organisation with this Companies House number is already registered'
        in response.text
    )
    assert not ProviderMembership.objects.filter(user=provider_user).exists()


def test_a_user_with_no_organisation_is_sent_to_register_it(client_for, provider_user):
    response = client_for(provider_user).get(url("application_list"))
    assert response.status_code == 302
    assert response.url == url("register")


def test_a_registered_provider_is_not_asked_to_register_again(client_for, provider_alice):
    response = client_for(provider_alice).get(url("register"))
    assert response.url == url("organisation")


def test_the_provider_changes_its_contact_details(client_for, provider_alice):
    client = client_for(provider_alice)
    page = client.get(url("organisation")).text
    assert "Bright Futures Education Limited" in page
    data = {
        **REGISTRATION,
        "legal_name": "Bright Futures Education Limited",
        "companies_house_number": "01234567",
        "contact_name": "Robin New",
    }
    response = client.post(url("organisation"), data, follow=True)
    assert "Your organisation&#x27;s details are saved" in response.text
    assert Provider.objects.get(memberships__user=provider_alice).contact_name == "Robin New"


def test_confirmed_company_details_are_disabled_and_do_not_change(
    client_for, provider_alice, admin_user, dps
):
    services.application_start(actor=provider_alice, dps=dps)  # an applicant to the consortium
    provider = Provider.objects.get(memberships__user=provider_alice)
    services.provider_confirm_details(actor=admin_user, provider=provider)
    client = client_for(provider_alice)
    page = client.get(url("organisation")).text
    assert "ask the consortium admin" in page
    assert 'name="legal_name"' in page and "disabled" in page
    client.post(
        url("organisation"),
        {**REGISTRATION, "legal_name": "Renamed Limited", "contact_name": "Robin New"},
    )
    provider.refresh_from_db()
    assert provider.legal_name == "Bright Futures Education Limited"
    assert provider.companies_house_number == "01234567"
    assert provider.contact_name == "Robin New"


# --- Settings ---------------------------------------------------------------------------------


def test_a_provider_adds_a_setting_and_changes_its_vacancies(client_for, provider_alice):
    client = client_for(provider_alice)
    response = client.post(url("setting_create"), SETTING, follow=True)
    assert "Hillside School added" in response.text
    setting = Setting.objects.get(urn="149555")
    assert setting.weeks_offered == [38, 39]
    assert (setting.offers_day, setting.offers_residential) == (True, False)
    assert setting.postcode == "CR0 2AB"
    assert "Other independent special school" in response.text
    client.post(url("setting_update", public_id=setting.public_id), {**SETTING, "vacancies": "1"})
    setting.refresh_from_db()
    assert setting.vacancies == 1


def test_a_setting_with_a_bad_urn_and_ages_the_wrong_way_round_is_refused_at_the_fields(
    client_for, provider_alice
):
    response = client_for(provider_alice).post(
        url("setting_create"), {**SETTING, "urn": "12", "age_low": "16", "age_high": "11"}
    )
    assert "Enter a 6-digit URN, like 101234" in response.text
    assert "The oldest age must be the same as or above the youngest" in response.text
    assert not Setting.objects.filter(name="Hillside School").exists()


def test_a_urn_another_setting_has_is_refused(client_for, provider_alice, setting):
    response = client_for(provider_alice).post(
        url("setting_create"), {**SETTING, "urn": setting.urn}
    )
    assert "<title>Error:" in response.text
    assert "Setting with this URN already exists" in response.text
    assert Setting.objects.filter(urn=setting.urn).count() == 1


# --- Access ------------------------------------------------------------------------------------


def test_another_providers_settings_and_applications_answer_404_on_every_page(
    client_for, provider_olly, draft_application, setting, day_lot
):
    client = client_for(provider_olly)
    for name, kwargs, method in object_pages(draft_application, setting, day_lot):
        response = getattr(client, method)(url(name, **kwargs))
        assert response.status_code == 404, name
    assert draft_application.status == ApplicationStatus.DRAFT


@pytest.mark.parametrize("staff", ["charlie", "reviewer", "admin_user"])
def test_council_staff_get_403_on_provider_pages(
    request, client_for, staff, draft_application, setting, day_lot
):
    client = client_for(request.getfixturevalue(staff))
    for name in ("register", "organisation", "setting_list", "setting_create", "application_list"):
        assert client.get(url(name)).status_code == 403, name
    assert client.post(url("application_start")).status_code == 403
    for name, kwargs, method in object_pages(draft_application, setting, day_lot):
        assert getattr(client, method)(url(name, **kwargs)).status_code == 403, name


def test_signed_out_visitors_are_sent_to_sign_in(client, draft_application):
    response = client.get(url("application_detail", public_id=draft_application.public_id))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
