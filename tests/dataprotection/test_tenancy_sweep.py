"""The sweep: every data protection URL that names a child or an export refuses the outsiders.

The child and its finished export are Croydon's. Bromley's commissioner, Bromley's analyst, a
provider and Croydon's own analyst must each get 403 or 404 from every page and API route, by
whichever method the route answers, and nothing may be logged against the child or exported.
A new route keyword or name fails this test until someone says what it points at.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from boroughs.choices import Role
from commissioning.dataprotection import services
from placements.models import ChildAccessLog

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

NAMESPACES = {"dataprotection", "dataprotection_api"}


def _routes(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if resolver is None and entry.namespace not in NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name, entry.callback, list(entry.pattern.regex.groupindex)


def _methods(callback) -> list[str]:
    actions = getattr(callback, "actions", None)
    if actions:
        return [method.upper() for method in actions]
    view_class = getattr(callback, "view_class", None)
    handlers = [m for m in ("get", "post") if hasattr(view_class, m)]
    return [m.upper() for m in handlers] or ["GET"]


@pytest.fixture
def croydon_analyst(croydon):
    return UserFactory(borough=croydon, role=Role.BOROUGH_ANALYST)


@pytest.mark.parametrize("outsider", ["charlie", "bromley_analyst", "pat", "croydon_analyst"])
def test_every_data_protection_route_refuses_the_outsiders(
    outsider, request, alice, child, export_files, monkeypatch, client_for, api_for
):
    monkeypatch.setattr(services, "write_pdf", lambda document, path: path.write_bytes(b"%PDF"))
    export = services.subject_access_request(actor=alice, child=child)
    services.subject_access_execute(export.pk)
    logged = ChildAccessLog.objects.count()
    user = request.getfixturevalue(outsider)
    page, api = client_for(user), api_for(user)
    checked = []
    for name, callback, kwargs in _routes():
        if "format" in kwargs or (name.endswith("-list") and not kwargs):
            continue
        values = {}
        for keyword in kwargs:
            if keyword == "public_id" and name == "dataprotection:child_exports":
                values[keyword] = child.public_id
            elif keyword in ("public_id", "id"):
                values[keyword] = export.public_id
            elif keyword == "fmt":
                values[keyword] = "pdf"
            else:
                raise AssertionError(f"The sweep does not know the keyword {keyword!r} of {name}")
        if not values:
            continue
        url = reverse(name, kwargs=values)
        client = api if name.startswith("dataprotection_api:") else page
        for method in _methods(callback):
            response = getattr(client, method.lower())(url, {})
            assert response.status_code in (403, 404), (
                f"{name} {method} {url} answered {response.status_code} to {outsider}"
            )
        checked.append(name)
    assert {
        "dataprotection:child_exports",
        "dataprotection:export_detail",
        "dataprotection:export_status",
        "dataprotection:export_download",
        "dataprotection_api:subject-access-detail",
        "dataprotection_api:subject-access-json",
        "dataprotection_api:subject-access-pdf",
    } <= set(checked)
    assert ChildAccessLog.objects.count() == logged


@pytest.mark.parametrize("outsider", ["charlie", "pat"])
def test_the_list_shows_outsiders_none_of_the_boroughs_exports(
    outsider, request, alice, child, api_for
):
    services.subject_access_request(actor=alice, child=child)
    listed = api_for(request.getfixturevalue(outsider)).get(
        reverse("dataprotection_api:subject-access-list")
    )
    assert listed.status_code == 200
    assert listed.data["results"] == []
