"""The sweep: every outcomes URL that names an object refuses the outsiders.

Charlie (Bromley) is the outside borough and Olly (Other Schools) the outside provider; the
objects are Croydon's placement at Bright Futures, its targets and a return. Each must get 403
or 404 from every page and API route that names one of them, by GET and by POST. A new route
keyword or name fails this test until someone says what it points at. The framework's routes
are left out on purpose: a framework is the whole consortium's, and every provider reports
against it (tests/outcomes/test_framework_* cover who may change it).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .test_returns_helpers import placed_since, submit

pytestmark = pytest.mark.django_db

NAMESPACES = {"outcomes", "outcomes_api"}
SHARED = ("framework", "domain_", "indicator_")


def _routes(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if resolver is None and entry.namespace not in NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name and entry.pattern.regex.groupindex:
            keywords = list(entry.pattern.regex.groupindex)
            if "format" not in keywords:
                yield namespace + entry.name, keywords


def _object_of(name: str) -> str:
    short = name.split(":")[-1].replace("-", "_")
    for prefix, kind in (
        ("target_list", "placement"),
        ("target_create", "placement"),
        ("target", "target"),
        ("return_create", "placement"),
        ("return", "return"),
        ("progress", "placement"),
        ("placement_progress", "placement"),
        ("provider_benchmark", "provider"),
    ):
        if short.startswith(prefix):
            return kind
    raise AssertionError(f"{name}: say which Croydon object this route names")


@pytest.fixture
def objects(placement, targets, terms, pat, bright_futures):
    placed = placed_since(placement)
    made = submit(pat, placed, terms[0], targets, -1, 3)
    return {
        "placement": placed.public_id,
        "target": targets[0].public_id,
        "return": made.public_id,
        "provider": bright_futures[0].public_id,
        "term_id": terms[1].pk,
    }


def _url(name: str, keywords: list[str], objects: dict) -> str:
    kwargs = {}
    for keyword in keywords:
        if keyword == "term_id":
            kwargs[keyword] = objects["term_id"]
        else:
            assert keyword in ("public_id", "id"), f"{name}: unknown keyword {keyword}"
            kwargs[keyword] = objects[_object_of(name)]
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("outsider", ["charlie", "olly"])
def test_every_outcomes_route_naming_an_object_refuses_the_outsiders(
    request, client_for, objects, outsider
):
    client = client_for(request.getfixturevalue(outsider))
    checked = []
    for name, keywords in _routes():
        short = name.split(":")[-1]
        if short.startswith(SHARED):
            continue
        if outsider == "charlie" and _object_of(name) == "provider":
            continue  # council staff read every provider's benchmark: that is its purpose
        url = _url(name, keywords, objects)
        answers = {method: getattr(client, method)(url).status_code for method in ("get", "post")}
        assert set(answers.values()) <= {403, 404, 405}, f"{name} ({url}) answered {answers}"
        assert {403, 404} & set(answers.values()), f"{name} ({url}) answered {answers}"
        checked.append(short)
    expected = {"target_list", "target_edit", "return_detail", "return_accept", "progress"}
    assert expected <= set(checked)
    if outsider == "olly":
        assert "provider_benchmark_detail" in checked


def test_the_owners_reach_the_same_routes(client_for, objects, alice, pat):
    """The sweep's refusals are about tenancy: the borough and the provider get the pages."""
    for user in (alice, pat):
        client = client_for(user)
        for name in ("outcomes:target_list", "outcomes:progress"):
            url = reverse(name, kwargs={"public_id": objects["placement"]})
            assert client.get(url).status_code == 200, (user, name)
        url = reverse("outcomes:return_detail", kwargs={"public_id": objects["return"]})
        assert client.get(url).status_code == 200, user
