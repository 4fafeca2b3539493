"""The sweep: every reports URL that names a run refuses the outsiders.

The run is Croydon's and finished. Bromley's analyst (who uses report pages), Bromley's
commissioner and a provider must each get 403 or 404 from every page and API route that names
it, by whichever method the route answers. A new route keyword fails this test until someone
says what it points at.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from commissioning.reports import services
from commissioning.reports.models import ReportDownload

pytestmark = pytest.mark.django_db

NAMESPACES = {"reports", "reports_api"}


def _routes(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if resolver is None and entry.namespace not in NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name and entry.pattern.regex.groupindex:
            yield namespace + entry.name, entry.callback, list(entry.pattern.regex.groupindex)


def _methods(callback) -> list[str]:
    actions = getattr(callback, "actions", None)
    if actions:
        return [method.upper() for method in actions]
    view_class = getattr(callback, "view_class", None)
    handlers = [m for m in ("get", "post") if hasattr(view_class, m)]
    return [m.upper() for m in handlers] or ["GET"]


@pytest.mark.parametrize("outsider", ["bromley_analyst", "charlie", "pat"])
def test_every_reports_route_refuses_the_outsiders(
    outsider, request, croydon_run, fake_builder, client_for, api_for
):
    services.report_run_execute(croydon_run.pk)
    user = request.getfixturevalue(outsider)
    page, api = client_for(user), api_for(user)
    checked = []
    for name, callback, kwargs in _routes():
        if "format" in kwargs:
            continue
        unknown = set(kwargs) - {"public_id", "id"}
        assert not unknown, f"The reports sweep does not know the keywords {unknown}"
        url = reverse(name, kwargs=dict.fromkeys(kwargs, croydon_run.public_id))
        client = api if name.startswith("reports_api:") else page
        for method in _methods(callback):
            response = getattr(client, method.lower())(url, {})
            assert response.status_code in (403, 404), (
                f"{name} {method} {url} answered {response.status_code} to {outsider}"
            )
        checked.append(name)
    assert {
        "reports:run_detail",
        "reports:run_status",
        "reports:run_download",
        "reports_api:run-detail",
        "reports_api:run-download",
    } <= set(checked)
    assert not ReportDownload.objects.exists()
