"""Behind a proxy, each user is limited on their own address; without one, a forged
X-Forwarded-For changes nothing (TRUSTED_PROXY_COUNT, ADR 14)."""

from __future__ import annotations

import pytest
from allauth.account.adapter import get_adapter as get_account_adapter
from django.http import HttpResponse
from django.urls import reverse
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle

from commissioning.middleware import TrustedProxyMiddleware

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"


@pytest.fixture
def two_sign_ins_a_minute(settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login": "2/m/ip",
        "login_failed": "100/m/ip,100/m/key",
    }


def _sign_in(client, user, forwarded_for: str) -> int:
    return client.post(
        reverse("account_login"),
        {"login": user.email, "password": "not the password"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    ).status_code


def test_two_users_behind_one_proxy_are_limited_separately_at_sign_in(
    settings, two_sign_ins_a_minute, client, alice, bob
):
    settings.TRUSTED_PROXY_COUNT = 1
    alice_answers = [_sign_in(client, alice, "203.0.113.7") for _ in range(3)]
    bob_answers = [_sign_in(client, bob, "198.51.100.9") for _ in range(2)]

    assert alice_answers == [200, 200, 429]
    assert bob_answers == [200, 200]  # the proxy's address is not what is counted


def test_the_client_is_the_entry_the_trusted_proxy_added_not_one_the_client_wrote(
    settings, two_sign_ins_a_minute, client, alice
):
    settings.TRUSTED_PROXY_COUNT = 1
    answers = [_sign_in(client, alice, f"192.0.2.{n}, 203.0.113.7") for n in range(3)]
    assert answers == [200, 200, 429]


def test_with_no_trusted_proxy_a_forged_forwarded_for_is_ignored(
    settings, two_sign_ins_a_minute, client, alice
):
    settings.TRUSTED_PROXY_COUNT = 0
    answers = [_sign_in(client, alice, f"192.0.2.{n}") for n in range(3)]
    assert answers == [200, 200, 429]


def test_the_api_throttles_see_the_same_client_as_the_sign_in_limits(settings, rf):
    settings.TRUSTED_PROXY_COUNT = 1
    seen = {}

    def view(request):
        seen["allauth"] = get_account_adapter().get_client_ip(request)
        seen["drf"] = AnonRateThrottle().get_ident(Request(request))
        return HttpResponse()

    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.7")
    TrustedProxyMiddleware(view)(request)
    assert seen == {"allauth": "203.0.113.7", "drf": "203.0.113.7"}
