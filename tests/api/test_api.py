import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/v1/me/",
    "/api/v1/boroughs/",
    "/api/v1/strands/",
    "/api/v1/users/",
    "/api/v1/invitations/",
]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_anonymous_requests_are_refused(client, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"


def test_the_schema_and_docs_are_public(client):
    assert client.get(reverse("api_schema")).status_code == 200
    assert client.get(reverse("api_docs")).status_code == 200


def test_every_script_and_style_on_the_docs_page_carries_the_nonce_in_its_policy(client):
    response = client.get(reverse("api_docs"))

    policy = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert f"'nonce-{nonce}'" in script_src and "unsafe-inline" not in policy
    html = response.content.decode()
    scripts = re.findall(r"<script[^>]*>", html)
    styles = re.findall(r"<style[^>]*>", html)
    assert len(scripts) == 3  # Swagger UI's bundle, its preset and the start-up script
    assert all(f'nonce="{nonce}"' in tag for tag in scripts + styles), scripts + styles
    assert "SwaggerUIBundle" in html  # the start-up script is inline, under the nonce


def test_a_token_authenticates_an_integration(client, alice):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=alice)
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert response.json()["borough"] == "E09000008"
    assert response.json()["roles"] == ["commissioner"]


def test_strands_list_their_member_boroughs(api_for, alice):
    rows = api_for(alice).get("/api/v1/strands/?kind=care").json()["results"]
    assert [row["slug"] for row in rows] == ["care"]
    assert "E09000028" in rows[0]["boroughs"]  # Southwark


def test_users_filter_by_role(api_for, admin_user, alice, charlie):
    rows = api_for(admin_user).get("/api/v1/users/?role_assignments__role=consortium_admin")
    assert [row["email"] for row in rows.json()["results"]] == [admin_user.email]
