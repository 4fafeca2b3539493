"""The sweep: every placements URL that names an object refuses the outsiders.

Charlie (Bromley) is the outside borough and Olly (Other Schools) the outside provider; the
objects are Croydon's, answered by Bright Futures. Each must get 403 or 404 from every page and
every API route that names one of them, by whichever method the route answers. A new route
keyword or name fails this test until someone says what it points at.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from placements.models import OfferQuestion

pytestmark = pytest.mark.django_db

NAMESPACES = {"placements", "placements_api"}


def _routes(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if resolver is None and entry.namespace not in NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name and entry.pattern.regex.groupindex:
            yield namespace + entry.name, entry.callback, list(entry.pattern.regex.groupindex)


def _object_of(name: str, objects: dict) -> str:
    """Which Croydon object a route's `public_id` names, from the route's name."""
    short = name.split(":")[-1].replace("-", "_")
    explicit = {
        "request_create": "child",
        "offer_rate": "request",
        "question_answer": "question",
        "question_detail": "question",
    }
    if short in explicit:
        return explicit[short]
    for prefix, kind in (
        ("child", "child"),
        ("request", "request"),
        ("question", "invitation"),  # providers ask on their invitation
        ("invitation", "invitation"),
        ("offer", "invitation"),
        ("provider_placement", "placement"),
        ("placement", "placement"),
    ):
        if short.startswith(prefix):
            return kind
    raise AssertionError(f"The placements sweep does not know what {name} points at")


def _methods(callback) -> list[str]:
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    actions = getattr(callback, "actions", None)
    if actions:
        return [method.upper() for method in actions]
    allowed = getattr(view_class, "http_method_names", ["get"])
    handlers = [m for m in ("get", "post") if m in allowed and hasattr(view_class, m)]
    return [m.upper() for m in handlers] or ["GET"]


@pytest.fixture
def croydon_objects(placement, pat):
    invitation = placement.request.invitations.get(provider=pat.provider_membership.provider)
    asked = OfferQuestion.objects.create(
        invitation=invitation, question="Is transport included?", asked_by=pat
    )
    return {
        "child": placement.child.public_id,
        "request": placement.request.public_id,
        "invitation": invitation.public_id,
        "question": asked.public_id,
        "placement": placement.public_id,
    }


@pytest.mark.parametrize("outsider", ["charlie", "olly"])
def test_every_placements_route_refuses_the_outsiders(
    outsider, request, croydon_objects, client_for, api_for
):
    user = request.getfixturevalue(outsider)
    page, api = client_for(user), api_for(user)
    checked = []
    for name, callback, kwargs in _routes():
        if "format" in kwargs:
            continue
        values = {}
        for keyword in kwargs:
            if keyword == "invitation_id":
                values[keyword] = croydon_objects["invitation"]
            elif keyword in ("public_id", "id"):
                values[keyword] = croydon_objects[_object_of(name, croydon_objects)]
            else:
                raise AssertionError(f"The placements sweep does not know the keyword {keyword!r}")
        url = reverse(name, kwargs=values)
        client = api if name.startswith("placements_api:") else page
        for method in _methods(callback):
            response = getattr(client, method.lower())(url, {})
            assert response.status_code in (403, 404), (
                f"{name} {method} {url} answered {response.status_code} to {outsider}"
            )
        checked.append(name)
    assert {
        "placements:child_detail",
        "placements:invitation_detail",
        "placements:placement_detail",
    } <= set(checked)
