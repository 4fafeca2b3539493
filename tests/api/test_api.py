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
