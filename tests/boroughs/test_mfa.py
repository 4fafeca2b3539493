"""Council staff and providers' users reach no data before they have set up, and passed, a second
factor (ADR 2)."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from boroughs.adapters import MSG_CODE_REFUSED
from boroughs.choices import Role
from boroughs.mfa import MSG_MFA_REQUIRED

from ..factories import TEST_PASSWORD, UserFactory, totp_code

pytestmark = pytest.mark.django_db


def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, croydon):
    user = UserFactory(borough=croydon, role=Role.COMMISSIONER, with_mfa=False)
    client.force_login(user)
    response = client.get(reverse("user_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))


def test_staff_without_an_authenticator_get_403_from_the_api(api_for, croydon):
    user = UserFactory(borough=croydon, role=Role.CONSORTIUM_ADMIN, with_mfa=False)
    response = api_for(user).get("/api/v1/boroughs/")
    assert response.status_code == 403
    assert response.json()["detail"] == MSG_MFA_REQUIRED


def test_staff_signing_in_without_mfa_can_set_it_up_and_then_see_data(client, croydon):
    user = UserFactory(borough=croydon, role=Role.COMMISSIONER, with_mfa=False)
    client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD})
    assert client.get(reverse("dashboard")).url.startswith(reverse("mfa_activate_totp"))

    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert "QR code for your authenticator app" in page.text
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    # Recovery codes come with the authenticator, for a lost phone.
    assert user.authenticator_set.filter(type=Authenticator.Type.RECOVERY_CODES).exists()

    assert client.get(reverse("dashboard")).status_code == 200


def _provider_without_authenticator():
    from providers.models import Provider, ProviderMembership

    user = UserFactory(borough=None, role=Role.PROVIDER_USER, with_mfa=False)
    provider = Provider.objects.create(
        legal_name="Bright Futures", companies_house_number="01234567"
    )
    ProviderMembership.objects.create(user=user, provider=provider, is_provider_admin=True)
    return user


def test_a_providers_user_without_an_authenticator_is_sent_to_set_one_up(client, consortium):
    """Providers read children's needs, risks and postcode districts: a password is not enough."""
    client.force_login(_provider_without_authenticator())
    response = client.get(reverse("placements:invitation_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))


def test_a_providers_user_without_an_authenticator_gets_403_from_the_api(api_for, consortium):
    response = api_for(_provider_without_authenticator()).get("/api/v1/placements/invitations/")
    assert response.status_code == 403
    assert response.json()["detail"] == MSG_MFA_REQUIRED


def test_someone_who_signed_up_sees_their_dashboard_before_registering_an_organisation(
    client, consortium
):
    """They hold no data yet: the second factor is asked once they belong to a provider."""
    user = UserFactory(borough=None, role=Role.PROVIDER_USER, with_mfa=False)
    client.force_login(user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200


def test_signing_in_asks_for_the_code_before_the_dashboard(client, alice):
    response = client.post(
        reverse("account_login"), {"login": alice.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    # Not signed in yet: the dashboard sends us back to sign in.
    assert client.get(reverse("dashboard")).status_code == 302

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert MSG_CODE_REFUSED in response.text

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(alice.totp_secret)})
    assert response.status_code == 302
    dashboard = client.get(reverse("dashboard"))
    assert dashboard.status_code == 200
    assert "Croydon" in dashboard.text


def test_the_admin_login_goes_through_the_portal_sign_in(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_repeated_failed_sign_ins_are_rate_limited(client, alice, settings):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": alice.email, "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": alice.email, "password": "wrong"})
    assert response.status_code == 429 or "Too many failed login attempts" in response.text
