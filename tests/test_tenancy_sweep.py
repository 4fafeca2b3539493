"""The sweep: every route of the portal, by every method it answers, asked by every actor.

Routes are read from the URLconf; tests/sweep/routes.py says what each one names and who uses
it, and a route missing from that table fails here. Each is filled with consortium A's objects
(tests/sweep/world.py) and asked by the object's owner and a colleague, who must get through
(proof that the route was filled with the right object), and by another borough, another
provider, a consortium admin, lead commissioner and lead analyst of a second consortium, a
role-less borough user and someone not signed in. Those must be refused with 403 or 404 unless
the table shares the object with them: before any validation, and leaving no access log or
download behind. Every answer, to anyone, is searched for the markers of rows its reader may
not see, so lists are checked too: each actor finds only their own rows in them.
"""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from commissioning.dataprotection.models import SubjectAccessExport
from commissioning.reports.models import ReportDownload
from placements.models import ChildAccessLog
from providers.models import DocumentDownload

from .sweep.audiences import DENY, MAY, OWNER, PASS, SIGN_IN
from .sweep.build import build
from .sweep.expectations import CREATES, SHOWS
from .sweep.routes import Route, all_routes, audience_for, entry, url_kwargs
from .sweep.table import ROUTES

pytestmark = pytest.mark.django_db

ROUTE_LIST = all_routes()
CASES = [(route, method) for route in ROUTE_LIST for method in route.methods]
CHECKED: Counter = Counter()  # (route, method, actor) checks made, by what was expected
# What a refusal must not write: an access log, a download, an export.
TRACES = (ChildAccessLog, DocumentDownload, ReportDownload, SubjectAccessExport)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module in a transaction rolled back at its end. Each test runs in a
    savepoint inside it and each request in one more, undone at once, so that one actor's
    successful write cannot change what the next one is asked about."""
    media = tmp_path_factory.mktemp("sweep-media")
    storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    storage["OPTIONS"] = {"location": str(media), "base_url": None}
    with (
        django_db_blocker.unblock(),
        override_settings(
            STORAGES={**settings.STORAGES, "default": storage},
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        transaction.atomic(),
    ):
        built = build()
        built.clients = {None: Client(raise_request_exception=False)}
        for name, user in built.users.items():
            built.clients[name] = Client(raise_request_exception=False)
            built.clients[name].force_login(user)
        yield built
        transaction.set_rollback(True)


# --- Asking ---------------------------------------------------------------------------------------
def ask(client: Client, method: str, url: str, body: dict, *, count_traces: bool = False):
    """`method` on `url` with `body` (JSON to the API, a form to pages), undone once answered;
    and whether it left an access log or a download behind. The session cookie is put back
    too, in case the request changed it."""
    cookies = client.cookies.copy()
    with transaction.atomic():
        before = traces_now() if count_traces else None
        response = send(client, method, url, body)
        if response.status_code == 415:  # an upload takes a multipart form, not JSON
            response = client.generic(
                method, url, encode_multipart(BOUNDARY, body), MULTIPART_CONTENT
            )
        traced = count_traces and traces_now() != before
        transaction.set_rollback(True)
    client.cookies = cookies
    return response, traced


def send(client: Client, method: str, url: str, body: dict):
    if method == "GET":
        return client.get(url)
    if is_api(url):
        return client.generic(method, url, json.dumps(body), "application/json")
    return client.generic(method, url, urlencode(body), "application/x-www-form-urlencoded")


def traces_now() -> list[int]:
    return [model.objects.count() for model in TRACES]


def is_api(url: str) -> bool:
    return url.startswith("/api/")


def to_sign_in(response) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("account_login"))


# --- Judging --------------------------------------------------------------------------------------
def judge(expected: str, response, *, url: str, refused_by_method: bool) -> str | None:
    """What is wrong with the status of the answer, or None."""
    status = response.status_code
    if status >= 500:
        return "server error"
    if refused_by_method and status == 405:
        return None  # a function view refusing the method, before it looks anything up
    if expected == PASS and (status in (401, 403, 404, 405) or to_sign_in(response)):
        return "not let through"
    if expected == DENY and status not in (403, 404):
        return "not refused"
    if expected == SIGN_IN and not (status == 401 if is_api(url) else to_sign_in(response)):
        return "not asked to sign in"
    return None


def leaks(world, actor: str | None, response) -> list[str]:
    """What the answer shows of rows `actor` may not see (the markers' descriptions)."""
    if response.status_code >= 300:
        return []
    text = body_of(response)
    return sorted({marker.what for marker in world.hidden_from(actor) if marker.text in text})


def body_of(response) -> str:
    """The answer's text, read once: a streamed answer (a download) can be read only once."""
    if not hasattr(response, "sweep_text"):
        content = b"".join(response) if response.streaming else response.content
        response.sweep_text = content.decode(errors="replace")
    return response.sweep_text


def shows(world, key: str, response) -> bool:
    """Whether the owner's answer shows the row the table says it must (if it names one)."""
    if key not in SHOWS:
        return True
    return any(text in body_of(response) for text in world.texts(SHOWS[key]))


def says_it_exists(world, client, route, method, body) -> str | None:
    """A 403 that a missing object would not get (it gets 404) says that this one exists."""
    url = reverse(route.key, kwargs=url_kwargs(route, world, missing=True))
    missing, _ = ask(client, method, url, body)
    if missing.status_code == 403:
        return None
    return f"403 here but {missing.status_code} for a missing one: says that it exists"


def made_a_row(response, url: str) -> bool:
    """A create that worked: 2xx from the API, a redirect (not to sign in) from a page."""
    if is_api(url):
        return 200 <= response.status_code < 300
    return response.status_code == 302 and not to_sign_in(response)


def line(method, url, part, actor, response, expected, problems) -> str:
    return (
        f"{method} {url} as {part} ({actor}): got {response.status_code}, "
        f"expected {expected}: {'; '.join(problems)}"
    )


def check(world, route, method: str, url: str, part: str, actor, expected: str) -> str | None:
    """One actor asking one route: what is wrong with the answer, or None."""
    kind, _ = entry(route)
    body = world.bodies.get(route.key, {})
    # Someone refused who may not even see the object must learn nothing of it and reach
    # nothing: no trace of the attempt, no 403 where a missing object gets 404. (Someone who
    # may read it but not do this is refused with 403.)
    outsider = expected in (DENY, SIGN_IN) and not (kind and world.may_see(actor, kind))
    client = world.clients[actor]
    response, traced = ask(client, method, url, body, count_traces=outsider)
    refused_by_method = route.is_function and method != "GET"
    problems = [judge(expected, response, url=url, refused_by_method=refused_by_method)]
    problems += [f"shows {what}" for what in leaks(world, actor, response)]
    problems.append("left an access log or a download" if traced else None)
    if outsider and kind and expected == DENY and response.status_code == 403:
        problems.append(says_it_exists(world, client, route, method, body))
    if part == OWNER and method == "GET" and not shows(world, route.key, response):
        problems.append(f"does not show {SHOWS[route.key]}")
    if problems := [problem for problem in problems if problem]:
        return line(method, url, part, actor, response, expected, problems)
    return None


# --- The sweep ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("route", "method"), CASES, ids=[f"{m} {r}" for r, m in CASES])
def test_every_actor_gets_what_the_table_says(world, route, method):
    try:
        kind, _ = entry(route)
        audience = audience_for(route, method)
        url = reverse(route.key, kwargs=url_kwargs(route, world))
    except LookupError as unknown:
        pytest.fail(str(unknown))
    failures = []
    for part, actor in audience.actors().items():
        expected = audience.expects(part)
        if kind is None and expected == DENY:
            expected = MAY  # a list answers everyone with their own rows: the markers judge it
        CHECKED[expected] += 1
        failures.append(check(world, route, method, url, part, actor, expected))
    failures = [failure for failure in failures if failure]
    assert not failures, f"{route} [{audience.name}]\n" + "\n".join(failures)


@pytest.mark.parametrize("key", sorted(CREATES))
def test_nobody_but_the_owner_makes_a_row_on_the_owners_object(world, key):
    audience, body, url = CREATES[key], world.creates[key], reverse(key)
    failures = []
    for part, actor in audience.actors().items():
        expected = audience.expects(part)
        response, _ = ask(world.clients[actor], "POST", url, body)
        CHECKED[expected] += 1
        made = made_a_row(response, url)
        problems = [
            "server error" if response.status_code >= 500 else None,
            "did not make it: wrong body, or the owner refused"
            if expected == PASS and not made
            else None,
            "made a row on another's object" if expected in (DENY, SIGN_IN) and made else None,
            *(f"shows {what}" for what in leaks(world, actor, response)),
        ]
        if problems := [problem for problem in problems if problem]:
            failures.append(line("POST", url, part, actor, response, expected, problems))
    assert not failures, f"{key} [{audience.name}]\n" + "\n".join(failures)


@pytest.mark.parametrize("name", ["alice", "pat"])
def test_both_sides_of_a_placement_read_its_targets_progress_and_return(world, name):
    """The refusals above are about tenancy: the borough and the placed provider get the pages."""
    placement, termly_return = world.objects["placement"], world.objects["termly_return"]
    urls = [
        reverse("outcomes:target_list", kwargs={"public_id": placement.public_id}),
        reverse("outcomes:progress", kwargs={"public_id": placement.public_id}),
        reverse("outcomes:return_detail", kwargs={"public_id": termly_return.public_id}),
    ]
    answers = {url: ask(world.clients[name], "GET", url, {})[0].status_code for url in urls}
    assert answers == dict.fromkeys(urls, 200)


@pytest.mark.parametrize("name", ["b_admin", "b_commissioner"])
def test_the_second_consortium_reviews_its_own_queue(world, name):
    """Its reviewers see their own consortium's submitted application (the sweep's markers see
    to it that they find none of South London's)."""
    own = world.texts("Northern's submitted application")
    for key in ("providers:accreditation_queue", "dps_api:application-list"):
        response, _ = ask(world.clients[name], "GET", reverse(key), {})
        assert response.status_code == 200, key
        assert any(text in body_of(response) for text in own), key


def test_every_line_of_the_tables_names_a_route_that_exists():
    """So that the tables say what is really swept."""
    keys = {route.key for route in ROUTE_LIST}
    assert set(ROUTES) - keys == set()
    assert set(CREATES) - keys == set()
    assert set(SHOWS) - keys == set()


def test_a_route_the_sweep_cannot_fill_fails_it_saying_how_to_teach_it(world):
    unknown = Route("placements", "child_photo", ("public_id",), None, "placements/children/…")
    with pytest.raises(LookupError, match=r"is not in tests/sweep/table\.py ROUTES: add it"):
        entry(unknown)
    odd_keyword = Route(None, "borough_detail", ("ons_code", "colour"), None, "boroughs/…")
    with pytest.raises(LookupError, match="does not know what <colour> names"):
        url_kwargs(odd_keyword, world)


def test_the_sweep_covers_the_routes_it_must():
    assert {
        "healthz",
        "borough_detail",
        "user-detail",
        "providers:review",
        "providers:document_download",
        "dps_api:application-accredit",
        "dps_api:setting-detail",
        "dps_api:clarification-answer",
        "providers:application_detail",
        "dps_api:application-detail",
        "dps_api:application-submit",
        "dps_api:document-download",
        "dps_api:enrolment-suspend",
        "placements:child_detail",
        "placements:invitation_detail",
        "placements:placement_detail",
        "placements_api:child-detail",
        "placements_api:invitation-offer",
        "outcomes:target_list",
        "outcomes:target_edit",
        "outcomes:return_accept",
        "outcomes:progress",
        "outcomes:provider_benchmark_detail",
        "reports:run_detail",
        "reports:run_status",
        "reports:run_download",
        "reports_api:run-detail",
        "outcomes:return_detail",
        "outcomes_api:target-detail",
        "reports_api:run-download",
        "dataprotection:child_exports",
        "dataprotection:export_download",
        "dataprotection_api:subject-access-json",
    } <= {route.key for route, _ in CASES}


def test_the_sweep_says_how_much_it_checked(capsys):
    """Last in the module: the totals, for the record."""
    routes = {route.key for route, _ in CASES}
    with capsys.disabled():
        print(
            f"\nTenancy sweep: {len(routes)} routes, {len(CASES)} route-methods, "
            f"{len(CREATES)} creates, {sum(CHECKED.values())} (route, method, actor) checks: "
            + ", ".join(f"{n} {what}" for what, n in CHECKED.most_common())
        )
