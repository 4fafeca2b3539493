"""Times matching and the placements pages against the national-scale database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python bench/placements_bench.py [--runs 200] [--page-runs 50] [--explain]

Load the data first with bench/national_scale.py. Prints p50 and p95 in milliseconds:

1. matching: `nearest_matches(request)` (the first 50 by distance, as pages show) for random requests across the country (the
   home postcode's location is looked up beforehand: only the query and fetch are timed), beside
   a trivial indexed query (a child by primary key) timed in the same loop;
2. the placements list and the savings dashboard, fetched with the test client as a lead analyst
   (the whole consortium) and as a commissioner of the largest authority, each beside a trivial
   page defined here (the base layout and nothing else) fetched in the same loop;
3. the SQL queries each page makes, for users who see very different numbers of placements.

Runs with DEBUG off and the production middleware (MFA included: the generated staff have an
authenticator app), static files served unhashed so no collectstatic is needed. Writes nothing
but the sessions its sign-ins create.
"""
# ruff: noqa: E402  (Django is set up before the portal is imported)

from __future__ import annotations

import argparse
import copy
import os
import random
import statistics
import sys
import time
import types
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commissioning.settings")
os.environ.setdefault("DEBUG", "false")  # production settings: cached templates, no query log
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")

import django

django.setup()

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count
from django.shortcuts import render
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment
from django.urls import NoReverseMatch, include, path, reverse

from bench.national.shape import LEAD_ANALYST_EMAIL
from boroughs.models import Borough, User
from placements.matching import criteria_for, match_settings, nearest_matches
from placements.models import Child, Placement, PlacementRequest

TRIVIAL_PATH = "/bench/trivial"
MATCHING_TARGET_MS = 50
PAGE_RATIO_TARGET = 3


@login_required
def trivial_page(request):
    """The base layout with one heading: what every page costs before its own data."""
    return render(request, "bench_trivial.html")


def bench_urlconf() -> str:
    """The portal's URLs plus the trivial page, as a module the test client can route through."""
    from commissioning import urls

    module = types.ModuleType("bench_urls")
    module.urlpatterns = [path(TRIVIAL_PATH.lstrip("/"), trivial_page), path("", include(urls))]
    sys.modules[module.__name__] = module
    return module.__name__


def trivial_template_loader():
    """Serves the trivial page's template from memory (nothing written to templates/)."""
    return (
        "django.template.loaders.locmem.Loader",
        {
            "bench_trivial.html": (
                '{% extends "base.html" %}{% block head_title %}Benchmark{% endblock %}'
                '{% block content %}<h1 class="govuk-heading-l">Benchmark</h1>{% endblock %}'
            )
        },
    )


def percentiles(samples: list[float]) -> tuple[float, float]:
    if len(samples) < 2:  # a page too slow to fetch twice within its budget
        return samples[0], samples[0]
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[94]


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def report(label: str, samples: list[float], baseline: list[float] | None = None) -> tuple:
    p50, p95 = percentiles(samples)
    line = f"  {label:<44} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms   (n={len(samples)})"
    if baseline:
        b50, b95 = percentiles(baseline)
        line += f"   x{p50 / b50:5.1f} / x{p95 / b95:5.1f} trivial"
    print(line)
    return p50, p95


# --- matching -------------------------------------------------------------------------------
def bench_matching(rng: random.Random, runs: int) -> None:
    ids = list(PlacementRequest.objects.values_list("pk", flat=True))
    chosen = rng.sample(ids, min(runs, len(ids)))
    requests = PlacementRequest.objects.select_related("child", "strand").in_bulk(chosen)
    # Where each child lives is looked up first: only the matching query and fetch are timed.
    cases = [
        (placement_request, criteria_for(placement_request))
        for placement_request in requests.values()
    ]
    child_ids = list(Child.objects.values_list("pk", flat=True)[:200_000])
    for placement_request, criteria in cases[:5]:  # warm the caches and the connection
        nearest_matches(placement_request, criteria=criteria)
    trivial, matching, found = [], [], []
    for placement_request, criteria in cases:
        pk = rng.choice(child_ids)
        trivial.append(timed(lambda pk=pk: Child.objects.filter(pk=pk).first()))
        rows: list = []
        matching.append(
            timed(
                lambda r=placement_request, c=criteria, out=rows: out.extend(
                    nearest_matches(r, criteria=c)
                )
            )
        )
        found.append(len(rows))
    print(f"\nMatching: {len(cases)} random requests; {statistics.mean(found):.1f} rows each")
    report("trivial query (child by primary key)", trivial)
    _p50, p95 = report("nearest_matches(request)", matching, trivial)
    verdict = "met" if p95 <= MATCHING_TARGET_MS else "MISSED"
    print(f"  target p95 <= {MATCHING_TARGET_MS} ms: {verdict}")


# --- pages ----------------------------------------------------------------------------------
def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def users_to_compare() -> list[tuple[str, User]]:
    lead = User.objects.get(email=LEAD_ANALYST_EMAIL)
    sizes = Borough.objects.annotate(n=Count("placements")).order_by("-n")
    largest, smallest = sizes.first(), sizes.last()
    return [
        ("lead analyst (whole consortium)", lead),
        (f"commissioner, largest LA ({largest.name})", commissioner_of(largest)),
        (f"commissioner, smallest LA ({smallest.name})", commissioner_of(smallest)),
    ]


def commissioner_of(borough: Borough) -> User:
    return User.objects.filter(borough=borough, role_assignments__role="commissioner").first()


def page_urls() -> dict[str, str]:
    urls = {}
    for label, name in (
        ("placements list", "placements:placement_list"),
        ("savings", "placements:savings"),
    ):
        try:
            urls[label] = reverse(name)
        except NoReverseMatch:
            print(f"  {name} is not built yet: {label} skipped")
    return urls


def get(client: Client, url: str) -> None:
    response = client.get(url, secure=True)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}, not 200")
    get.last_size = len(response.content)


def series(client: Client, url: str, runs: int, budget_s: float) -> dict:
    """The page and the trivial page fetched in turn; a slow page is fetched fewer times.

    The first fetch warms the caches, counts the SQL queries and tells how slow the page is.
    """
    get(client, TRIVIAL_PATH)
    with CaptureQueriesContext(connection) as queries:
        first = timed(lambda: get(client, url))
    result = {"queries": len(queries), "size": get.last_size, "trivial": [], "page": []}
    started = time.perf_counter()
    while (
        len(result["page"]) < runs
        and first + (time.perf_counter() - started) * 1000 < budget_s * 1000
    ):
        result["trivial"].append(timed(lambda: get(client, TRIVIAL_PATH)))
        result["page"].append(timed(lambda: get(client, url)))
    if not result["page"]:  # slower than the whole budget: report the one fetch made
        result["trivial"].append(timed(lambda: get(client, TRIVIAL_PATH)))
        result["page"].append(first)
    return result


def query_count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        get(client, url)
    return len(queries)


def bench_pages(runs: int, budget_s: float) -> None:
    urls, users = page_urls(), users_to_compare()
    print("\nPages (test client, DEBUG off), each beside the trivial page:")
    counts = {}
    for index, (label, user) in enumerate(users):
        client = signed_in(user)
        seen = Placement.objects.for_user(user).count()
        counts[label] = (seen, {"trivial": query_count(client, TRIVIAL_PATH)})
        if index == 2:  # the smallest authority: only its query counts
            counts[label][1].update({page: query_count(client, url) for page, url in urls.items()})
            continue
        print(f" {label}: sees {seen:,} placements")
        for page, url in urls.items():
            result = series(client, url, runs, budget_s)
            counts[label][1][page] = result["queries"]
            report("trivial page", result["trivial"])
            size = f"{result['size'] / 1024:,.0f} KB"
            _p50, p95 = report(f"{page} ({size})", result["page"], result["trivial"])
            ratio = p95 / percentiles(result["trivial"])[1]
            verdict = "met" if ratio <= PAGE_RATIO_TARGET else "MISSED"
            print(f"  target p95 <= {PAGE_RATIO_TARGET}x trivial: {verdict}")
    print("\nSQL queries per page (should not grow with the rows a user sees):")
    for label, (seen, pages) in counts.items():
        names = ", ".join(f"{page} {n}" for page, n in pages.items())
        print(f"  {label:<48} {seen:>8,} placements: {names}")


# --- EXPLAIN ----------------------------------------------------------------------------------
def explain(rng: random.Random) -> None:
    placement_request = (
        PlacementRequest.objects.select_related("child", "strand").order_by("?").first()
    )
    query = match_settings(placement_request, criteria=criteria_for(placement_request))[:50]
    print("\nEXPLAIN ANALYZE matching:\n" + query.explain(analyze=True, buffers=True))


def main() -> None:
    # WhiteNoise warns that STATIC_ROOT is missing: the bench serves no static files.
    warnings.filterwarnings("ignore", message="No directory at")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="matching runs")
    parser.add_argument("--page-runs", type=int, default=100, help="runs per page and user")
    parser.add_argument("--page-budget", type=float, default=60, help="seconds per page series")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the matching")
    parser.add_argument("--skip-pages", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    setup_test_environment()
    templates = copy.deepcopy(django.conf.settings.TEMPLATES)
    templates[0]["APP_DIRS"] = False
    templates[0]["OPTIONS"]["loaders"] = [
        trivial_template_loader(),
        (
            "django.template.loaders.cached.Loader",
            [
                "django.template.loaders.filesystem.Loader",
                "django.template.loaders.app_directories.Loader",
            ],
        ),
    ]
    storages = {**django.conf.settings.STORAGES}
    storages["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}; ", end="")
    print(f"{Placement.objects.count():,} placements, {Child.objects.count():,} children")
    with override_settings(ROOT_URLCONF=bench_urlconf(), TEMPLATES=templates, STORAGES=storages):
        bench_matching(rng, args.runs)
        if not args.skip_pages:
            bench_pages(args.page_runs, args.page_budget)
        if args.explain:
            explain(rng)


if __name__ == "__main__":
    main()
