"""The sweep: every DPS page and API route that takes an id, asked by another provider (olly)
for the first provider's (alice's) objects, answers 404, as for an object that does not exist.

Routes are read from the URLconf, so a new route is swept without anyone listing it. The test
fails on a route it cannot fill (an unknown URL keyword or object), so it cannot be forgotten:
teach it the keyword below. Each route is also asked by its rightful user, who must not get
404; that proves the sweep filled the route with the right object and did not pass by accident.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import URLResolver, get_resolver, reverse

from providers import services
from providers.models import (
    Application,
    Clarification,
    DynamicPurchasingSystem,
    Enrolment,
    EvidenceDocument,
    Lot,
    Provider,
    ProviderNote,
    Setting,
)
from providers.notes import provider_note_create

pytestmark = pytest.mark.django_db

PAGES, API = "providers", "dps_api"

# A word of a page's URL name (or of a `<word>_id` keyword) names the model its id refers to.
MODEL_BY_WORD = {
    "application": Application,
    "review": Application,
    "accreditation": Application,
    "clarification": Clarification,
    "document": EvidenceDocument,
    "evidence": EvidenceDocument,
    "enrolment": Enrolment,
    "setting": Setting,
    "provider": Provider,
    "organisation": Provider,
    "dps": DynamicPurchasingSystem,
    "lot": Lot,
    "note": ProviderNote,
}
# Page names whose id is not the model their first model word names (none yet).
MODEL_BY_PAGE: dict[str, type] = {}
ID_KEYWORDS = ("public_id", "id", "pk")
# Pages for reviewers or council staff only: refusing the role (403) before looking up the id
# leaks nothing either.
STAFF_ONLY_PAGES = (
    "review",
    "enrolment_",
    "setting_detail",
    "directory",
    "dps_dashboard",
    "evidence_accept",
    "provider_confirm",
    "dps_manage",
)
# Shared by the whole market: every provider may read a DPS and its lots.
OPEN_TO_PROVIDERS = (DynamicPurchasingSystem, Lot)


@dataclass(frozen=True)
class Route:
    namespace: str
    name: str | None
    keywords: tuple[str, ...]
    callback: object

    def __str__(self) -> str:
        return f"{self.namespace}:{self.name}({', '.join(self.keywords)})"

    @property
    def methods(self) -> list[str]:
        if self.namespace == API:
            return sorted(self.callback.actions)
        view_class = getattr(self.callback, "view_class", None)
        if view_class is None:
            return ["get", "post"]  # a function view: POST must be refused too
        return [m for m in ("get", "post", "put", "patch", "delete") if hasattr(view_class, m)]

    @property
    def model(self) -> type | None:
        if self.namespace == API:
            return self.callback.cls.queryset.model
        if self.name in MODEL_BY_PAGE:
            return MODEL_BY_PAGE[self.name]
        named = (MODEL_BY_WORD[w] for w in self.name.split("_") if w in MODEL_BY_WORD)
        return next(named, getattr(getattr(self.callback, "view_class", None), "model", None))


def _walk(patterns, namespace, keywords):
    for pattern in patterns:
        found = keywords + tuple(pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            if namespace and inner:
                inner = f"{namespace}:{inner}"
            yield from _walk(pattern.url_patterns, inner or namespace, found)
        else:
            yield Route(namespace, pattern.name, found, pattern.callback)


def dps_routes() -> list[Route]:
    """Every route of the DPS pages and API, once per name and keyword set."""
    seen, found = set(), []
    for route in _walk(get_resolver().url_patterns, None, ()):
        key = (route.namespace, route.name, frozenset(route.keywords))
        if route.namespace in (PAGES, API) and key not in seen:
            seen.add(key)
            found.append(route)
    return found


ROUTES = dps_routes()
# Invitation links carry a secret token, not an object's id: test_colleagues.py covers them.
TOKEN_ROUTES = [r for r in ROUTES if set(r.keywords) == {"token"}]
ID_ROUTES = [r for r in ROUTES if set(r.keywords) - {"format"} and r not in TOKEN_ROUTES]
# Lists (and `.json` lists): another provider's rows must not appear in them.
LIST_ROUTES = [
    r for r in ROUTES if r not in ID_ROUTES and r not in TOKEN_ROUTES and r.name is not None
]


@pytest.fixture
def alices(submitted_application, provider_alice, reviewer, setting, day_lot):
    """Alice's objects, one of each kind, through a whole accreditation with a clarification."""
    application = submitted_application
    services.application_start_review(actor=reviewer, application=application)
    clarification = services.clarification_request(
        actor=reviewer, application=application, question="Which therapies are on site?"
    )
    services.clarification_answer(
        actor=provider_alice, clarification=clarification, answer="Speech and OT"
    )
    services.application_accredit(actor=reviewer, application=application, reason="All passed")
    # A peer network note about alice's provider: council staff read it, no provider does
    # (alice included), so the reviewer is the one it is not a 404 for.
    note = provider_note_create(
        actor=reviewer,
        provider=application.provider,
        setting=setting,
        category="good_practice",
        title="Quick offers",
        body="Offers arrive within three days.",
    )
    return {
        Application: application,
        Clarification: clarification,
        EvidenceDocument: application.documents.first(),
        Enrolment: Enrolment.objects.get(setting=setting),
        Setting: setting,
        Provider: application.provider,
        DynamicPurchasingSystem: application.dps,
        Lot: day_lot,
        ProviderNote: note,
    }


def fill(route: Route, objects: dict) -> dict:
    """The keywords of `route`, filled with alice's objects; fails on one it does not know."""
    values = {}
    for keyword in route.keywords:
        if keyword == "format":
            values[keyword] = "json"
            continue
        if keyword in ID_KEYWORDS:
            model = route.model
        elif keyword.endswith("_id"):
            model = MODEL_BY_WORD.get(keyword.removesuffix("_id"))
        elif keyword == "lot_number":
            values[keyword] = objects[Lot].number
            continue
        else:
            pytest.fail(f"{route}: the sweep does not know how to fill <{keyword}>; teach it")
        if model not in objects:
            pytest.fail(f"{route}: the sweep does not know which object <{keyword}> names")
        row = objects[model]
        values[keyword] = getattr(row, "public_id", row.pk)
    return values


def ask(client, method: str, url: str):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, {}, content_type="application/json")


def test_the_sweep_finds_the_routes_it_must_cover():
    names = {(r.namespace, r.name) for r in ID_ROUTES}
    assert {
        (PAGES, "application_detail"),
        (PAGES, "review"),
        (PAGES, "document_download"),
        (API, "application-detail"),
        (API, "application-submit"),
        (API, "document-download"),
        (API, "clarification-answer"),
        (API, "enrolment-suspend"),
        (API, "setting-detail"),
    } <= names


@pytest.mark.parametrize("route", ID_ROUTES, ids=str)
def test_another_provider_gets_404_for_every_route(
    route, alices, provider_alice, provider_olly, reviewer, client_factory
):
    if route.name is None:
        pytest.fail(f"{route}: name the route, so that the sweep can reverse it")
    url = reverse(f"{route.namespace}:{route.name}", kwargs=fill(route, alices))
    allowed = {404}
    if route.namespace == PAGES and route.name.startswith(STAFF_ONLY_PAGES):
        allowed.add(403)
    elif route.model in OPEN_TO_PROVIDERS:
        allowed = {200}
    function_view = route.namespace == PAGES and not hasattr(route.callback, "view_class")
    outsider = client_factory(provider_olly)
    for method in route.methods:
        refused = allowed | ({405} if function_view and method != "get" else set())
        status = ask(outsider, method, url).status_code
        assert status in refused, f"{method.upper()} {url} answered {status} to another provider"

    # Alice, or a reviewer on reviewers' routes, is not told "not found": the sweep filled
    # the route with the object it expects, so the 404s above are real refusals.
    method = route.methods[0]
    owners = [ask(client_factory(u), method, url).status_code for u in (provider_alice, reviewer)]
    assert owners != [404, 404], f"{method.upper()} {url} is 404 for alice and the reviewer too"


@pytest.mark.parametrize("route", LIST_ROUTES, ids=str)
def test_another_providers_rows_appear_in_no_list(route, alices, provider_olly, client_factory):
    url = reverse(f"{route.namespace}:{route.name}", kwargs=fill(route, alices))
    body = client_factory(provider_olly).get(url).content.decode()
    for model, row in alices.items():
        if model not in OPEN_TO_PROVIDERS and hasattr(row, "public_id"):
            assert str(row.public_id) not in body, f"{url} shows alice's {model.__name__}"
    assert "Bright Futures" not in body, f"{url} shows alice's organisation or setting"


@pytest.fixture
def client_factory():
    """A fresh signed-in client per user (a page's client and the API's share no session)."""
    from django.test import Client

    def signed_in(user):
        client = Client()
        client.force_login(user)
        return client

    return signed_in
