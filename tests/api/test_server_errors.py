"""No request from outside produces a server error: a user without a borough (a provider, a new
sign-up) asking for a borough's action gets 403, and a body nested beyond reason gets 400.

The test client re-raises a view's exception, so a 500 fails these tests loudly."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.parsers import JSONParser
from rest_framework.views import APIView

from boroughs.models import User
from kernel.api.parsers import MAX_DEPTH, MSG_NOT_TEXT, MSG_TOO_DEEP, SafeJSONParser
from placements.services.common import MSG_NOT_COMMISSIONER

pytestmark = pytest.mark.django_db

CHILD = {
    "reference": "CR-0099",
    "date_of_birth": "2014-11-02",
    "sex": "F",
    "home_postcode": "CR0 1AA",
    "primary_need": "SEMH",
}


@pytest.fixture
def newcomer(consortium):
    """Signed up, no borough, no role, no organisation yet."""
    return User.objects.create_user(email="new@example.org", password="a long secret phrase")


@pytest.mark.parametrize("who", ["pat", "newcomer"])
def test_someone_without_a_borough_adding_a_child_is_refused_with_403(
    request, api_for, client_for, home_postcode, who
):
    user = request.getfixturevalue(who)
    response = api_for(user).post("/api/v1/placements/children/", CHILD, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": MSG_NOT_COMMISSIONER}
    page = client_for(user).post("/placements/children/new/", CHILD)
    assert page.status_code == 403


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("alice", "/api/v1/placements/children/"),
        ("alice", "/api/v1/placements/requests/"),
        ("pat", "/api/v1/dps/settings/"),
        ("pat", "/api/v1/dps/applications/"),
        ("admin_user", "/api/v1/invitations/"),
        ("alice", "/api/v1/threads/"),
    ],
)
@pytest.mark.parametrize("depth", [2000, MAX_DEPTH + 1])
def test_a_body_nested_too_deeply_answers_400_with_a_message(request, api_for, who, url, depth):
    api = api_for(request.getfixturevalue(who))
    response = api.post(url, nested(depth), content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": MSG_TOO_DEEP}


def test_brackets_inside_strings_are_text_not_nesting(api_for, alice, home_postcode):
    body = {**CHILD, "name": '["{' * 40}  # quotes escaped inside the string, brackets as text
    response = api_for(alice).post("/api/v1/placements/children/", body, format="json")
    assert response.status_code == 201, response.json()


def _api_views(resolver=None):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _api_views(pattern)
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "cls", None)
            if isinstance(view, type) and issubclass(view, APIView):
                yield pattern.callback


def _unguarded(parsers) -> list:
    return [p for p in parsers if issubclass(p, JSONParser) and not issubclass(p, SafeJSONParser)]


def test_every_api_view_parses_json_with_the_depth_checking_parser():
    views = list(_api_views())
    assert views
    for callback in views:
        view = callback.cls(**getattr(callback, "initkwargs", {}))
        assert not _unguarded(view.parser_classes), f"{callback.cls.__name__} parses JSON unguarded"
        for action in (getattr(callback, "actions", None) or {}).values():
            handler = getattr(view, action, None)
            parsers = getattr(handler, "kwargs", {}).get("parser_classes", [])
            assert not _unguarded(parsers), (
                f"{callback.cls.__name__}.{action} parses JSON unguarded"
            )


@pytest.mark.parametrize("text", ["a\\u0000b", "\\ud800"])
def test_text_no_column_can_store_answers_400_not_a_server_error(api_for, pat, text):
    body = '{"lots": ["' + text + '"]}'
    response = api_for(pat).post("/api/v1/dps/applications/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": MSG_NOT_TEXT}
