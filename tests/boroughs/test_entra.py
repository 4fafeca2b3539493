"""Single sign-on with Microsoft Entra ID for council staff.

A local stand-in for Microsoft (a real HTTP server on this machine) answers the token
endpoint, Graph's /me and Graph's /organization as Microsoft does, so the whole OAuth flow runs:
the portal redirects to the authorise URL, the browser comes back with a code, the portal
swaps it for a token and reads the account and its tenant.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from ..factories import totp_code
from ..stand_ins import StandIn, serving

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

CROYDON_TENANT = str(uuid.uuid4())
OTHER_TENANT = str(uuid.uuid4())


class FakeMicrosoft(StandIn):
    """Microsoft's token endpoint and the two Graph calls, for one account at a time."""

    account: dict = {}
    tenant: str = ""
    url: str = ""

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        if self.path.endswith("/oauth2/v2.0/token"):
            self.answer({"access_token": "token", "token_type": "Bearer", "expires_in": 3600})
        else:
            self.answer({"error": "not found"}, 404)

    def do_GET(self):
        path = urlsplit(self.path).path
        if path.endswith("/oauth2/v2.0/authorize"):  # the user agrees at once: back with a code
            asked = parse_qs(urlsplit(self.path).query)
            back = f"{asked['redirect_uri'][0]}?code=the-code&state={asked['state'][0]}"
            self.send_response(302)
            self.send_header("Location", back)
            self.end_headers()
        elif self.headers.get("Authorization") != "Bearer token":
            self.answer({"error": {"message": "Unauthorised"}}, 401)
        elif path == "/v1.0/me":
            self.answer(self.account)
        elif path == "/v1.0/organization":
            self.answer({"value": [{"id": self.tenant}]})
        else:
            self.answer({"error": "not found"}, 404)


@contextmanager
def microsoft_stand_in(settings):
    """FakeMicrosoft on a free port, and the portal's Microsoft app pointing at it."""
    with serving(FakeMicrosoft) as url:
        settings.SOCIALACCOUNT_PROVIDERS = {
            "microsoft": {
                "APPS": [
                    {
                        "client_id": "portal-test",
                        "secret": "portal-test-secret",
                        "settings": {
                            "tenant": "organizations",
                            "login_url": url,
                            "graph_url": url,
                        },
                    }
                ]
            }
        }
        FakeMicrosoft.url = url
        yield FakeMicrosoft


@pytest.fixture
def microsoft(settings):
    with microsoft_stand_in(settings) as stand_in:
        yield stand_in


@pytest.fixture
def croydon_on_entra(croydon):
    croydon.entra_tenant_id = CROYDON_TENANT
    croydon.save()
    return croydon


def account(email: str, *, upn: str | None = None) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "displayName": "Alice Example",
        "mail": email,
        "userPrincipalName": upn or email,
    }


def sign_in_with_microsoft(client, microsoft, *, as_account: dict, tenant: str, process=None):
    microsoft.account, microsoft.tenant = as_account, tenant
    start = client.post(reverse("microsoft_login"), {"process": process} if process else {})
    assert start.status_code == 302
    authorise = urlsplit(start["Location"])
    assert authorise.path == "/organizations/oauth2/v2.0/authorize"
    state = parse_qs(authorise.query)["state"][0]
    return client.get(reverse("microsoft_callback"), {"code": "the-code", "state": state})


def test_council_staff_sign_in_with_microsoft_then_confirm_with_their_authenticator(
    client, alice, croydon_on_entra, microsoft
):
    ms_account = account(alice.email.upper())  # Microsoft may give the address in capitals
    answer = sign_in_with_microsoft(client, microsoft, as_account=ms_account, tenant=CROYDON_TENANT)

    assert answer.status_code == 302
    assert answer["Location"] == reverse("mfa_authenticate")  # the portal's MFA still follows
    linked = SocialAccount.objects.get(provider="microsoft")
    assert (linked.user, linked.uid) == (alice, ms_account["id"])

    done = client.post(reverse("mfa_authenticate"), {"code": totp_code(alice.totp_secret)})
    assert done["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard")).context["user"] == alice


def test_the_second_sign_in_finds_the_link(client, alice, croydon_on_entra, microsoft):
    ms_account = account(alice.email)
    sign_in_with_microsoft(client, microsoft, as_account=ms_account, tenant=CROYDON_TENANT)
    client.logout()
    ms_account["mail"] = "renamed@croydon.example.org"  # the link, not the address, counts now

    answer = sign_in_with_microsoft(client, microsoft, as_account=ms_account, tenant=CROYDON_TENANT)

    assert answer["Location"] == reverse("mfa_authenticate")
    assert SocialAccount.objects.filter(user=alice).count() == 1


def test_another_organisations_tenant_cannot_claim_a_council_address(
    client, alice, croydon_on_entra, microsoft
):
    # An attacker's own Entra tenant can set any mail attribute it likes.
    answer = sign_in_with_microsoft(
        client, microsoft, as_account=account(alice.email), tenant=OTHER_TENANT
    )

    assert answer.status_code == 403
    assert "does not belong to your council" in answer.content.decode()
    assert not SocialAccount.objects.exists()
    assert "_auth_user_id" not in client.session


def test_a_linked_account_is_refused_once_it_comes_from_another_tenant(
    client, alice, croydon_on_entra, microsoft
):
    ms_account = account(alice.email)
    sign_in_with_microsoft(client, microsoft, as_account=ms_account, tenant=CROYDON_TENANT)
    client.logout()

    answer = sign_in_with_microsoft(client, microsoft, as_account=ms_account, tenant=OTHER_TENANT)

    assert answer.status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "who",
    ["stranger", "provider user", "borough without a tenant", "deactivated"],
)
def test_microsoft_makes_no_accounts_and_admits_only_council_staff_on_entra(
    client, alice, pat, croydon, microsoft, who
):
    email, tenant = alice.email, CROYDON_TENANT
    if who == "stranger":
        email = "someone.else@croydon.example.org"
    if who == "provider user":
        email = pat.email
    if who != "borough without a tenant":
        croydon.entra_tenant_id = CROYDON_TENANT
        croydon.save()
    if who == "deactivated":
        alice.is_active = False
        alice.save()
    users = alice.__class__.objects.count()

    answer = sign_in_with_microsoft(client, microsoft, as_account=account(email), tenant=tenant)

    assert answer.status_code == 403
    assert "You cannot sign in with this Microsoft account" in answer.content.decode()
    assert alice.__class__.objects.count() == users
    assert not SocialAccount.objects.exists()


def test_a_signed_in_user_cannot_link_a_microsoft_account_to_themselves(
    client_for, pat, alice, croydon_on_entra, microsoft
):
    client = client_for(pat)  # a provider user, holding a Croydon address's Microsoft account
    answer = sign_in_with_microsoft(
        client, microsoft, as_account=account(alice.email), tenant=CROYDON_TENANT, process="connect"
    )

    assert answer.status_code == 403
    assert not SocialAccount.objects.exists()


def test_the_sign_in_page_offers_microsoft_only_when_it_is_configured(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"microsoft": {"APPS": []}}
    assert "Sign in with Microsoft" not in client.get(reverse("account_login")).content.decode()

    settings.SOCIALACCOUNT_PROVIDERS = {
        "microsoft": {"APPS": [{"client_id": "portal-test", "secret": "s", "settings": {}}]}
    }
    page = client.get(reverse("account_login")).content.decode()
    assert "Sign in with Microsoft" in page
    assert reverse("microsoft_login") in page


def test_without_an_app_microsofts_pages_are_not_found(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"microsoft": {"APPS": []}}
    assert client.get(reverse("microsoft_login")).status_code == 404
    assert client.post(reverse("microsoft_login")).status_code == 404
    callback = client.get(reverse("microsoft_callback"), {"code": "c", "state": "s"})
    assert callback.status_code == 404


def test_with_a_client_id_the_sign_in_form_may_lead_to_microsoft():
    shown = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings as s; "
            "print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']); "
            "print(s.SOCIALACCOUNT_PROVIDERS['microsoft']['APPS'][0]['client_id'])",
        ],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "DEBUG": "true", "ENTRA_CLIENT_ID": "portal-app"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.split("\n")[:2] == [
        "[\"'self'\", 'https://login.microsoftonline.com']",
        "portal-app",
    ]
