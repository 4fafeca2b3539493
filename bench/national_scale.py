"""Generates a national-scale database for the placements benchmark (bench/placements_bench.py).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python bench/national_scale.py --scale 1.0 [--reset]

At scale 1.0: 153 local authorities in one consortium with SEND and care strands, 640,000
children with EHC plans (DfE: 638,745 in January 2025), 5,000 providers running 20,000 settings
across England, their enrolments and weekly ceilings, latest Ofsted inspections, 20,000 requests
with invitations and offers, and 150,000 placements with their fee history. All made up but
shaped like the real thing: ONS codes E06/E08/E09/E10 numbered from 900, DfE numbers from 800,
outcodes starting Q, V or X (no real postcode does), settings clustered around each authority.

Creates the database when it is missing and migrates it. Loads with PostgreSQL COPY (bulk_create
on other databases: the smoke test runs it on SQLite at a tiny scale), prints each table's rows
and time, then VACUUM ANALYZEs. Refuses to load twice; `--reset` empties its tables first (on
PostgreSQL only in a database whose name contains "bench").
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import random
import sys
import time
from array import array
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import django
from django.apps import apps

if not apps.ready:  # run as a script (the smoke test imports it with Django already set up)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commissioning.settings")
    os.environ.setdefault("DEBUG", "true")  # a local run: no SECRET_KEY needed
    django.setup()

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from bench.outcomes_scale import OUTCOME_TABLES, generate_outcomes
from boroughs.choices import Role, StrandKind
from boroughs.models import (
    Borough,
    Consortium,
    Outcode,
    RoleAssignment,
    Strand,
    StrandMembership,
    User,
)
from outcomes.models import Term
from placements.models import (
    Child,
    FeeChange,
    Offer,
    Placement,
    PlacementRequest,
    RequestInvitation,
)
from providers.demo import LOTS
from providers.models import (
    Application,
    DynamicPurchasingSystem,
    Enrolment,
    Inspection,
    Lot,
    PriceLine,
    Provider,
    ProviderMembership,
    Setting,
)

NATIONAL = {"children": 640_000, "settings": 20_000, "providers": 5_000}
NATIONAL |= {"placements": 150_000, "requests": 20_000}
LA_KINDS = (("E06", 63), ("E08", 36), ("E09", 33), ("E10", 21))
NAME_PARTS = (
    "Ash Brad Castle Dun East Fair Green High King Long Mill North Oak Red South Stan West Whit",
    "bury field ford ham ley minster mouth stead ton wick",
)
BOX = ((50.0, 55.5), (-5.5, 1.7))
LONDON = ((51.3, 51.7), (-0.5, 0.3))
NEEDS = {"ASD": 33, "SLCN": 21, "SEMH": 15, "MLD": 9, "SPLD": 4, "SLD": 4, "PD": 4}
NEEDS |= {"PMLD": 2, "HI": 2, "VI": 1, "MSI": 0.4, "OTH": 4.6}
NEED_WEIGHTS = (tuple(NEEDS), tuple(NEEDS.values()))
GRADES = {
    "school_graded": {"Outstanding": 15, "Good": 60, "Requires improvement": 18, "Inadequate": 7},
    "school_report_card": {"Exceptional": 8, "Strong standard": 40, "Expected standard": 40}
    | {"Needs attention": 9, "Urgent improvement": 3},
    "childrens_home": {"Outstanding": 20, "Good": 55, "Requires improvement to be good": 20}
    | {"Inadequate": 5},
}
# Setting types: GIAS codes for schools, SSDA903 codes for care (with the one lot each joins).
SETTING_KINDS = {"10": 65, "08": 8, "32": 12, "K2": 10, "K3": 3, "U4": 1.5, "R3": 0.5}
CARE_LOTS = {"K2": "childrens_home", "K3": "supported_16_17", "U4": "ifa", "R3": "parent_child"}
AGES = {"32": (16, 25), "K2": (8, 17), "K3": (16, 17), "U4": (0, 17), "R3": (16, 25)}
# Lot kind -> provision, weeks a year and the weekly ceiling's parts (ranges in pounds).
LOT_SHAPE = {
    "iss_day": ("day", 38, {"education": (900, 2600)}),
    "iss_res_38": ("residential", 38, {"education": (1200, 2800), "care": (1000, 2500)}),
    "iss_res_52": ("residential", 52, {"education": (1200, 2800), "care": (1500, 3500)}),
    "nmss": ("day", 38, {"education": (1000, 2400)}),
    "post16": ("day", 38, {"education": (700, 1800)}),
    "therapies": ("day", 38, {"therapies": (150, 600)}),
    "ifa": ("residential", 52, {"care": (700, 1300)}),
    "childrens_home": ("residential", 52, {"care": (3500, 8000)}),
    "supported_16_17": ("residential", 52, {"care": (1200, 3000)}),
    "parent_child": ("residential", 52, {"care": (1500, 3500)}),
}
FEE_PARTS = ("education", "care", "therapies", "one_to_one", "other")
REQUEST_STATUSES = {"draft": 8, "open": 12, "evaluating": 8, "awarded": 55}
REQUEST_STATUSES |= {"cancelled": 10, "none_suitable": 7}
# What invited providers did, by the request's state.
ANSWERS = {
    "open": {"invited": 50, "offered": 35, "declined": 15},
    "evaluating": {"offered": 60, "declined": 25, "no_response": 15},
    "awarded": {"unsuccessful": 60, "declined": 30, "no_response": 10},
    "cancelled": {"no_response": 50, "declined": 30, "withdrawn": 20},
    "none_suitable": {"declined": 60, "unsuccessful": 20, "no_response": 20},
}
# The lots placements are bought on: (strand, aged 16 or over) -> lot kind weights.
LOT_MIX = {
    ("send", False): {"iss_day": 65, "iss_res_38": 10, "iss_res_52": 5, "nmss": 12, "therapies": 3},
    ("send", True): {"post16": 6, "iss_day": 2, "iss_res_52": 1, "nmss": 1},
    ("care", False): {"childrens_home": 6, "ifa": 4},
    ("care", True): {"childrens_home": 6, "ifa": 4, "supported_16_17": 6},
}
SETTING_SEX = {"mixed": 88, "boys": 8, "girls": 4}
ENROLMENT_STATUS = {"enrolled": 90, "suspended": 6, "removed": 4}
END_REASONS = ("E4A", "E5", "E8", "phase_complete", "needs_met_locally", "breakdown")
OUTCODES_PER_LA = 6
BENCH_DOMAIN = "bench.example.org"
LEAD_ANALYST_EMAIL = f"lead.analyst@{BENCH_DOMAIN}"
CONSORTIUM_SLUG = "england-bench"
DPS_START = date(2016, 6, 1)
# Every table the generator writes, children before parents (outcomes first: they point at
# placements).
GENERATED = (
    *OUTCOME_TABLES,
    FeeChange,
    Placement,
    Offer,
    RequestInvitation,
    PlacementRequest,
    Child,
    Enrolment,
)
GENERATED += (PriceLine, Application, Inspection, Setting, ProviderMembership, Provider)
GENERATED += (Authenticator, RoleAssignment, User, Lot, DynamicPurchasingSystem)
GENERATED += (StrandMembership, Strand, Consortium, Borough)


def commissioner_email(ons_code: str) -> str:
    return f"commissioner.{ons_code.lower()}@{BENCH_DOMAIN}"


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * (
        math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def km(value: float) -> Decimal:
    return Decimal(f"{value:.1f}")


def pounds(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


class Loader:
    """Writes rows (dicts of attribute name to value) with COPY, or bulk_create elsewhere.

    A row names only what matters; every other column takes its model default (a fresh UUID for
    `public_id`), so COPY and bulk_create write the same rows.
    """

    def __init__(self, progress: bool):
        self.progress = progress
        self.timings: dict[str, tuple[int, float]] = {}

    def next_id(self, model) -> int:
        last = model._base_manager.order_by("-pk").values_list("pk", flat=True).first()
        return (last or 0) + 1

    def write(self, model, rows, total: int) -> int:
        started = time.perf_counter()
        name = model._meta.db_table
        rows = tqdm(rows, total=total, desc=name, unit=" rows", disable=not self.progress)
        if connection.vendor == "postgresql":
            count = self._copy(model, iter(rows))
        else:
            objects = [model(**row) for row in rows]
            model._base_manager.bulk_create(objects, batch_size=2000)
            count = len(objects)
        self.timings[name] = (count, time.perf_counter() - started)
        return count

    def _copy(self, model, rows) -> int:
        first = next(rows, None)
        if first is None:
            return 0
        given = list(first)
        fields = [model._meta.get_field(name) for name in given]
        fields += [
            f for f in model._meta.concrete_fields if f.attname not in given and not f.primary_key
        ]
        values = [None] * len(given) + [self._default(f) for f in fields[len(given) :]]
        json_at = [i for i, f in enumerate(fields) if f.get_internal_type() == "JSONField"]
        fresh_at = [
            i for i, f in enumerate(fields) if i >= len(given) and f.unique and f.has_default()
        ]
        columns = ", ".join(field.column for field in fields)
        count = 0
        sql = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in itertools.chain([first], rows):
                if len(row) != len(given):
                    raise ValueError(f"{model.__name__} rows must all name the same columns")
                values[: len(given)] = [row[name] for name in given]
                out = list(values)
                for i in fresh_at:
                    out[i] = fields[i].default()
                for i in json_at:
                    out[i] = json.dumps(out[i])
                copy.write_row(out)
                count += 1
        return count

    def _default(self, field):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return timezone.now()
        value = field.get_default()  # "" for text fields without one
        if value is None and not field.null:
            raise ValueError(f"{field} needs a value in every generated row")
        return value


class World:
    """The made-up country: generates each table from what the earlier ones hold."""

    def __init__(self, *, scale: float, boroughs: int, seed: int, progress: bool):
        self.rng = random.Random(seed)
        self.scale, self.seed = scale, seed
        self.n = {key: max(1, round(value * scale)) for key, value in NATIONAL.items()}
        self.n_las = boroughs
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.load = Loader(progress)
        self.cumulative = {}  # id(weights) -> (weights, keys, cumulative weights)

    def pick(self, weights: dict):
        """A key of `weights`, drawn in proportion to its value."""
        key = id(weights)
        if key not in self.cumulative:
            self.cumulative[key] = (
                weights,
                tuple(weights),
                tuple(itertools.accumulate(weights.values())),
            )
        _keep, keys, cumulative = self.cumulative[key]
        return self.rng.choices(keys, cum_weights=cumulative)[0]

    def day_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def at(self, day: date) -> datetime:
        return datetime(day.year, day.month, day.day, 10, tzinfo=UTC)

    def point_near(self, lat: float, lon: float, spread: float) -> tuple[float, float]:
        (lat_lo, lat_hi), (lon_lo, lon_hi) = BOX
        return (
            min(lat_hi, max(lat_lo, self.rng.gauss(lat, spread))),
            min(lon_hi, max(lon_lo, self.rng.gauss(lon, spread * 1.6))),
        )

    def timed(self, label: str, rows: int, started: float) -> None:
        self.load.timings[label] = (rows, time.perf_counter() - started)

    # --- the run ------------------------------------------------------------------------------
    def run(self, *, reset: bool) -> dict[str, tuple[int, float]]:
        if reset:
            empty_generated_tables()
        elif Consortium.objects.filter(slug=CONSORTIUM_SLUG).exists():
            raise SystemExit("The database already holds generated data: pass --reset to reload.")
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    # Foreign keys checked as each table loads, not all at commit: honest timings.
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            self.authorities()
            self.users()
            self.providers()
            self.settings()
            self.inspections()
            self.enrolments()
            self.children()
            self.requests()
            self.placements()
            generate_outcomes(
                self.load, consortium=self.consortium, scale=self.scale, seed=self.seed
            )
            committing = time.perf_counter()
        self.timed("commit", 0, committing)
        finish(self.load.timings)
        return self.load.timings

    def authorities(self) -> None:
        started, rng = time.perf_counter(), self.rng
        kinds = [kind for kind, count in LA_KINDS for _ in range(count)]
        names = [a + b for a in NAME_PARTS[0].split() for b in NAME_PARTS[1].split()]
        rng.shuffle(names)
        self.consortium = Consortium.objects.create(
            name="England (national benchmark)", short_name="England", slug=CONSORTIUM_SLUG
        )
        self.las = []
        for i in range(self.n_las):
            kind = kinds[i % len(kinds)]
            (lat_lo, lat_hi), (lon_lo, lon_hi) = LONDON if kind == "E09" else BOX
            # EHC plans per authority vary about tenfold (Rutland to Kent): log-normal weights.
            self.las.append(
                {
                    "centre": (rng.uniform(lat_lo, lat_hi), rng.uniform(lon_lo, lon_hi)),
                    "weight": rng.lognormvariate(0, 0.6),
                    "borough": Borough.objects.create(
                        consortium=self.consortium,
                        name=names[i % len(names)] + ("" if i < len(names) else f" {i}"),
                        ons_code=f"{kind}000{901 + kinds[:i].count(kind):03d}",
                        dfe_la_code=f"{800 + i:03d}",
                    ),
                }
            )
        boroughs = [la["borough"] for la in self.las]
        self.consortium.lead_borough = boroughs[0]
        self.consortium.save(update_fields=["lead_borough"])
        self.lots = {}
        for kind in (StrandKind.SEND, StrandKind.CARE):
            strand = Strand.objects.create(
                consortium=self.consortium, kind=kind, name=kind.label, slug=kind.value
            )
            StrandMembership.objects.bulk_create(
                StrandMembership(strand=strand, borough=borough) for borough in boroughs
            )
            dps = DynamicPurchasingSystem.objects.create(
                consortium=self.consortium,
                strand=strand,
                name=f"National {kind.value.upper()} placements DPS",
                regime="pcr2015_dps",
                starts_on=DPS_START,
                ends_on=date(2029, 2, 23),
            )
            for number, lot_kind in enumerate(LOTS[kind], start=1):
                lot = Lot.objects.create(dps=dps, number=number, kind=lot_kind, name=lot_kind.label)
                self.lots[lot_kind.value] = lot
        self.outcodes()
        self.timed("authorities, strands, lots, outcodes (ORM)", len(boroughs), started)

    def outcodes(self) -> None:
        """Six made-up postcode districts per authority, so matching can place every child."""
        self.outcode_points = []
        for i, la in enumerate(self.las):
            area = "QVX"[i // 52] + chr(65 + (i // 2) % 26)
            for d in range(OUTCODES_PER_LA):
                lat, lon = self.point_near(*la["centre"], 0.04)
                self.outcode_points.append((f"{area}{(i % 2) * 10 + d + 1}", lat, lon))
        Outcode.objects.bulk_create(
            Outcode(outcode=code, latitude=Decimal(f"{lat:.5f}"), longitude=Decimal(f"{lon:.5f}"))
            for code, lat, lon in self.outcode_points
        )

    def users(self) -> None:
        """A commissioner per authority and a lead analyst, each with an authenticator app."""
        started, self.commissioner = time.perf_counter(), {}
        staff = [(commissioner_email(la["borough"].ons_code), la["borough"]) for la in self.las]
        staff.append((LEAD_ANALYST_EMAIL, self.las[0]["borough"]))
        for email, borough in staff:
            user = User.objects.create_user(email, borough=borough, full_name=email.split("@")[0])
            role = Role.LEAD_ANALYST if email == LEAD_ANALYST_EMAIL else Role.COMMISSIONER
            RoleAssignment.objects.create(user=user, role=role)
            TOTP.activate(user, generate_totp_secret())
            self.commissioner.setdefault(borough.pk, user.pk)
        self.timed("council staff with MFA (ORM)", len(staff), started)

    def providers(self) -> None:
        """Providers, each with one user (who submits its offers)."""
        n, first, first_user = (
            self.n["providers"],
            self.load.next_id(Provider),
            self.load.next_id(User),
        )
        self.provider_ids = list(range(first, first + n))
        self.provider_user = {p: first_user + i for i, p in enumerate(self.provider_ids)}
        rows = (
            {
                "id": p,
                "legal_name": f"Provider {p} Limited",
                "companies_house_number": f"{20_000_000 + p:08d}",
                "contact_email": f"office@provider{p}.example.org",
            }
            for p in self.provider_ids
        )
        self.load.write(Provider, rows, n)
        users = (
            {"id": u, "email": f"provider{p}@{BENCH_DOMAIN}", "password": "!"}
            for p, u in self.provider_user.items()
        )
        self.load.write(User, users, n)
        roles = ({"user_id": u, "role": Role.PROVIDER_USER} for u in self.provider_user.values())
        self.load.write(RoleAssignment, roles, n)
        members = (
            {"user_id": u, "provider_id": p, "is_provider_admin": True}
            for p, u in self.provider_user.items()
        )
        self.load.write(ProviderMembership, members, n)

    def settings(self) -> None:
        """Settings clustered around authorities in proportion to their size."""
        rng, n, first = self.rng, self.n["settings"], self.load.next_id(Setting)
        weights = [la["weight"] for la in self.las]
        # Provider groups are skewed: a few run dozens of settings, most run one or two.
        owners = [rng.paretovariate(1.2) for _ in self.provider_ids]
        self.setting_info, rows = [], []
        for pk in range(first, first + n):
            la = rng.choices(range(self.n_las), weights=weights)[0]
            kind = self.pick(SETTING_KINDS)
            care = kind in CARE_LOTS
            low, high = AGES.get(kind) or (rng.choice((4, 5, 7, 11)), rng.choice((16, 19)))
            lat, lon = self.point_near(*self.las[la]["centre"], 0.12)
            provider = None if rng.random() < 0.03 else rng.choices(self.provider_ids, owners)[0]
            residential = care or rng.random() < 0.2
            rows.append(
                {
                    "id": pk,
                    "provider_id": provider,
                    "name": f"Setting {pk}",
                    "urn": None if care else f"{100000 + pk}",
                    "ofsted_urn": f"SC{pk:06d}" if care else None,
                    "establishment_type": kind,
                    "age_low": low,
                    "age_high": high,
                    "sex": self.pick(SETTING_SEX),
                    "capacity": rng.randint(20, 200),
                    "vacancies": 0 if rng.random() < 0.4 else rng.randint(1, 8),
                    "offers_day": not care,
                    "offers_residential": residential,
                    "weeks_offered": [38, 52] if residential else [38],
                    "needs": [] if care else sorted(set(rng.choices(*NEED_WEIGHTS, k=3))),
                    "postcode": f"{self.outcode_points[la * OUTCODES_PER_LA][0]} 1AB",
                    "latitude": Decimal(f"{lat:.5f}"),
                    "longitude": Decimal(f"{lon:.5f}"),
                    "dfe_la_code": self.las[la]["borough"].dfe_la_code,
                }
            )
            self.setting_info.append((pk, la, kind, provider, lat, lon, residential, high))
        self.load.write(Setting, iter(rows), n)

    def inspections(self) -> None:
        """The latest inspection for 85% of settings; an earlier one for half of those."""
        rng, rows = self.rng, []
        for pk, _la, kind, *_ in self.setting_info:
            if rng.random() > 0.85:
                continue
            if kind in CARE_LOTS:
                framework = "childrens_home"
            else:
                framework = "school_report_card" if rng.random() < 0.1 else "school_graded"
            start = date(2025, 11, 10) if framework == "school_report_card" else date(2019, 1, 1)
            latest = self.day_between(start, self.today)
            rows.append((pk, framework, latest))
            if rng.random() < 0.5:
                earlier = latest - timedelta(days=rng.randint(700, 1500))
                rows.append(
                    (pk, "childrens_home" if kind in CARE_LOTS else "school_graded", earlier)
                )
        rows = (
            {"setting_id": pk, "framework": framework, "inspected_on": on}
            | {"overall": self.pick(GRADES[framework]), "source": "Generated"}
            for pk, framework, on in rows
        )
        self.load.write(Inspection, rows, len(self.setting_info))

    def lots_for(self, kind: str, residential: bool, age_high: int) -> list[str]:
        if kind in CARE_LOTS:
            return [CARE_LOTS[kind]]
        if kind == "32":
            return ["post16"]
        lots = ["nmss" if kind == "08" else "iss_day"]
        if residential:
            lots.append(self.rng.choice(("iss_res_38", "iss_res_52")))
        if age_high >= 19 and kind == "10" and self.rng.random() < 0.5:
            lots.append("post16")
        if self.rng.random() < 0.1:
            lots.append("therapies")
        return lots

    def enrolments(self) -> None:
        """One accredited application per provider and DPS; a price line and enrolment per lot."""
        rng, applications, prices = self.rng, {}, []
        app_id, price_id = self.load.next_id(Application), self.load.next_id(PriceLine)
        # lot kind -> authority -> enrolments (setting, provider, ceiling, lat, lon) to choose from
        self.offering = defaultdict(lambda: defaultdict(list))
        for pk, la, kind, provider, lat, lon, residential, high in self.setting_info:
            if provider is None:
                continue
            for lot_kind in self.lots_for(kind, residential, high):
                lot = self.lots[lot_kind]
                application = applications.setdefault(
                    (provider, lot.dps_id), app_id + len(applications)
                )
                _provision, weeks, parts = LOT_SHAPE[lot_kind]
                fee = {p: pounds(rng.uniform(*parts.get(p, (0, 0)))) for p in FEE_PARTS}
                prices.append(
                    {"id": price_id, "application_id": application, "setting_id": pk}
                    | {"lot_id": lot.pk, "weeks_per_year": weeks, **fee}
                )
                ceiling = sum(fee.values())
                self.offering[lot_kind][la].append((pk, provider, ceiling, lat, lon))
                price_id += 1
        decided = self.at(DPS_START)
        rows = (
            {"id": pk, "provider_id": provider, "dps_id": dps, "status": "accredited"}
            | {"created_at": decided, "submitted_at": decided, "decided_at": decided}
            for (provider, dps), pk in applications.items()
        )
        self.load.write(Application, rows, len(applications))
        self.load.write(PriceLine, iter(prices), len(prices))
        rows = (
            {"setting_id": price["setting_id"], "lot_id": price["lot_id"], "price_id": price["id"]}
            | {"application_id": price["application_id"], "status": self.pick(ENROLMENT_STATUS)}
            for price in prices
        )
        self.load.write(Enrolment, rows, len(prices))

    def children(self) -> None:
        """Children in proportion to each authority's weight, with the national need mix."""
        rng, n, first = self.rng, self.n["children"], self.load.next_id(Child)
        total = sum(la["weight"] for la in self.las)
        counts = [round(n * la["weight"] / total) for la in self.las]
        # What requests and placements need to know about each child, compactly.
        self.child_first, self.child_la, self.child_dob = first, array("H"), array("I")
        self.child_outcode, self.child_looked_after = array("I"), bytearray()
        ages = {age: 1 for age in range(2, 26)} | {age: 8 for age in range(5, 16)}
        ages |= {age: 4 for age in range(16, 20)}

        def rows():
            pk = first
            for la, count in enumerate(counts):
                for number in range(1, count + 1):
                    dob = self.today - timedelta(days=365 * self.pick(ages) + rng.randint(0, 364))
                    outcode = la * OUTCODES_PER_LA + rng.randrange(OUTCODES_PER_LA)
                    looked_after = rng.random() < 0.06
                    issued = self.day_between(dob + timedelta(days=3 * 365), self.today)
                    reviewed = self.day_between(
                        max(issued, self.today - timedelta(365)), self.today
                    )
                    self.child_la.append(la)
                    self.child_dob.append(dob.toordinal())
                    self.child_outcode.append(outcode)
                    self.child_looked_after.append(looked_after)
                    yield {
                        "id": pk,
                        "borough_id": self.las[la]["borough"].pk,
                        "reference": f"EHC-{number:06d}",
                        "date_of_birth": dob,
                        "sex": rng.choice("MMMMMMMFFF"),  # about 73% of EHC plans are boys'
                        "home_postcode": self.postcode(outcode),
                        "primary_need": self.pick(NEEDS),
                        "ehcp_issued_on": issued,
                        "ehcp_last_review_on": reviewed,
                        "ehcp_next_review_on": reviewed + timedelta(days=365),
                        "looked_after": looked_after,
                        "legal_status": "C2" if looked_after else "",
                    }
                    pk += 1

        self.n_children = self.load.write(Child, rows(), sum(counts))

    def postcode(self, outcode: int) -> str:
        letters, rng = "ABDEFGHJLNPQRSTUWXYZ", self.rng
        inward = f"{rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
        return f"{self.outcode_points[outcode][0]} {inward}"

    # --- requests, invitations, offers, placements and fees -----------------------------------
    def lot_for(self, child: int) -> str:
        """The lot a child's placement is bought on, by age and whether they are looked after."""
        age = (self.today.toordinal() - self.child_dob[child]) // 365
        group = "care" if self.child_looked_after[child] and self.rng.random() < 0.5 else "send"
        weights = LOT_MIX[group, age >= 16]
        if all(self.offering.get(kind) for kind in weights):
            return self.pick(weights)
        kinds = [kind for kind in weights if self.offering.get(kind)] or list(self.offering)
        return self.rng.choice(kinds)  # tiny scales: not every lot has a setting

    def settings_for(self, kind: str, la: int, k: int) -> list[tuple]:
        """Up to `k` different enrolments on the lot, mostly from the child's own authority."""
        by_la, chosen = self.offering[kind], {}
        near = by_la.get(la, [])
        for option in self.rng.sample(near, min(len(near), k)):
            if self.rng.random() < 0.7:
                chosen[option[0]] = option
        areas = list(by_la)
        for _ in range(4 * k):
            if len(chosen) >= k:
                break
            option = self.rng.choice(by_la[self.rng.choice(areas)])
            chosen.setdefault(option[0], option)
        return list(chosen.values())

    def distance(self, child: int, option: tuple) -> Decimal:
        _code, lat, lon = self.outcode_points[self.child_outcode[child]]
        return km(haversine(lat, lon, option[3], option[4]))

    def requests(self) -> None:
        """Requests in every state; the call-offs of all but drafts, and their offers."""
        rng, n, first = self.rng, self.n["requests"], self.load.next_id(PlacementRequest)
        invitation_id, offer_id = self.load.next_id(RequestInvitation), self.load.next_id(Offer)
        requests, invitations, offers, self.awarded = [], [], [], []
        for pk in range(first, first + n):
            child = rng.randrange(self.n_children)
            la, kind, status = (
                self.child_la[child],
                self.lot_for(child),
                self.pick(REQUEST_STATUSES),
            )
            lot, (provision, weeks, _parts) = self.lots[kind], LOT_SHAPE[kind]
            recent = status in ("draft", "open", "evaluating")
            oldest = self.today - timedelta(days=60) if recent else DPS_START
            created = self.day_between(oldest, self.today - timedelta(days=0 if recent else 90))
            starts = created + timedelta(days=rng.randint(30, 120))
            user = self.commissioner[self.las[la]["borough"].pk]
            requests.append(
                {
                    "id": pk,
                    "borough_id": self.las[la]["borough"].pk,
                    "child_id": self.child_first + child,
                    "strand_id": lot.dps.strand_id,
                    "lot_id": lot.pk,
                    "status": status,
                    "required_start_on": starts,
                    "provision": provision,
                    "weeks_per_year": weeks,
                    "needs_summary": "Needs a small, structured setting.",
                    "response_deadline": created + timedelta(days=14),
                    "mainstream_considered": True,
                    "in_borough_considered": True,
                    "not_met_reasons": ["needs_exceed_mainstream"],
                    "created_by_id": user,
                    "created_at": self.at(created),
                    "opened_at": None if status == "draft" else self.at(created),
                    "decided_at": None if recent else self.at(created + timedelta(days=21)),
                }
            )
            if status == "draft":
                continue
            options = self.settings_for(kind, la, rng.randint(3, 6))
            winner = rng.randrange(len(options)) if status == "awarded" else -1
            for index, option in enumerate(options):
                answer = "awarded" if index == winner else self.answer(status)
                invitations.append(
                    {"id": invitation_id, "request_id": pk, "setting_id": option[0]}
                    | {"provider_id": option[1], "status": answer, "ceiling_weekly": option[2]}
                    | {"distance_km": self.distance(child, option), "invited_by_id": user}
                    | {"invited_at": self.at(created)}
                    | {"decline_reason": "no_capacity" if answer == "declined" else ""}
                )
                if answer in ("offered", "awarded", "unsuccessful", "withdrawn"):
                    fee = pounds(float(option[2]) * rng.uniform(0.85, 1.0))
                    offers.append(
                        {"id": offer_id, "invitation_id": invitation_id, "education": fee}
                        | {"weeks_per_year": weeks, "proposed_start_on": starts}
                        | {"submitted_by_id": self.provider_user[option[1]]}
                        | {"submitted_at": self.at(created + timedelta(days=7))}
                    )
                    if answer == "awarded":
                        self.awarded.append((child, pk, offer_id, option, kind, fee, starts))
                    offer_id += 1
                invitation_id += 1
        self.load.write(PlacementRequest, iter(requests), len(requests))
        self.load.write(RequestInvitation, iter(invitations), len(invitations))
        self.load.write(Offer, iter(offers), len(offers))

    def answer(self, request_status: str) -> str:
        return self.pick(ANSWERS[request_status])

    def placements(self) -> None:
        """The awarded requests' placements, then older ones bought before the portal."""
        rng, n, first = self.rng, self.n["placements"], self.load.next_id(Placement)
        fees = (array("Q"), array("I"), array("Q"))  # placement, effective date, pence

        def bought_before():
            for _ in range(max(0, n - len(self.awarded))):
                child = rng.randrange(self.n_children)
                kind = self.lot_for(child)
                option = self.settings_for(kind, self.child_la[child], 1)[0]
                agreed = pounds(float(option[2]) * rng.uniform(0.85, 1.0))
                starts = self.day_between(DPS_START, self.today)
                yield child, None, None, option, kind, agreed, starts

        def rows():
            everything = itertools.chain(self.awarded, bought_before())
            for pk, placement in enumerate(everything, start=first):
                yield self.placement(pk, *placement, fees)

        self.load.write(Placement, rows(), max(n, len(self.awarded)))
        user = next(iter(self.commissioner.values()))
        rows = (
            {"placement_id": placement, "effective_from": date.fromordinal(day)}
            | {"weekly_fee": Decimal(pence) / 100, "recorded_by_id": user}
            for placement, day, pence in zip(*fees, strict=True)
        )
        self.load.write(FeeChange, rows, len(fees[0]))

    def placement(self, pk, child, request, offer, option, kind, agreed, starts, fees) -> dict:
        rng, la = self.rng, self.child_la[child]
        setting, provider, ceiling, *_ = option
        provision, weeks, _parts = LOT_SHAPE[kind]
        ended = starts < self.today - timedelta(days=365) and rng.random() < 0.3
        ends = self.day_between(starts + timedelta(days=60), self.today) if ended else None
        # The agreed fee from the start, then an uplift at about half the anniversaries.
        weekly, until = float(agreed), min(self.today, ends or self.today)
        for year in range((until - starts).days // 365 + 1):
            if year == 0 or rng.random() < 0.5:
                weekly *= 1 if year == 0 else rng.uniform(1.02, 1.05)
                fees[0].append(pk)
                fees[1].append((starts + timedelta(days=365 * year)).toordinal())
                fees[2].append(round(weekly * 100))
        borough = self.las[la]["borough"].pk
        review = starts + timedelta(days=365 * max(1, (self.today - starts).days // 365 + 1))
        return {
            "id": pk,
            "borough_id": borough,
            "child_id": self.child_first + child,
            "request_id": request,
            "offer_id": offer,
            "setting_id": setting,
            "provider_id": provider,
            "lot_id": self.lots[kind].pk,
            "status": "ended" if ended else "active",
            "provision": provision,
            "weeks_per_year": weeks,
            "starts_on": starts,
            "ends_on": ends,
            "end_reason": rng.choice(END_REASONS) if ended else "",
            "agreed_weekly": agreed,
            "ceiling_weekly": ceiling,
            "spot_weekly": pounds(float(ceiling) * rng.uniform(1.0, 1.25))
            if rng.random() < 0.3
            else None,
            "distance_km": self.distance(child, option),
            "next_review_on": None if ended else review,
            "created_by_id": self.commissioner[borough],
            "created_at": self.at(starts),
        }


def finish(timings: dict) -> None:
    """Sequences past the ids COPY wrote; statistics (and the visibility map) up to date."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), GENERATED):
            cursor.execute(statement)
        # VACUUM cannot run inside a transaction (the smoke test's); ANALYZE alone can.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        for model in (*GENERATED, Outcode):
            cursor.execute(f"{command} {model._meta.db_table}")
    timings["VACUUM ANALYZE"] = (0, time.perf_counter() - started)


def empty_generated_tables() -> None:
    empty_tables((Application.lots.through, Application.settings.through, *GENERATED))
    Outcode.objects.filter(outcode__regex=r"^[QVX]").delete()


def empty_tables(models) -> None:
    """Empties these tables (children before parents), on a bench or test database only."""
    if connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        # A bench database, or the throwaway one Django's test runner made (test_<name>).
        if "bench" not in name and not name.startswith("test_"):
            raise SystemExit("--reset empties tables: use it only on a database named *bench*.")
        tables = ", ".join(model._meta.db_table for model in models)
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    else:
        with transaction.atomic():
            for model in models:
                model._base_manager.all()._raw_delete(connection.alias)


def generate_outcomes_only(*, scale=1.0, seed=2025, reset=False, progress=True) -> dict:
    """Adds the outcomes tables to a database whose placements are loaded (bench/outcomes_scale)."""
    consortium = Consortium.objects.filter(slug=CONSORTIUM_SLUG).first()
    if consortium is None:
        raise SystemExit("No generated placements here: run the full generator first.")
    if reset:
        empty_tables(OUTCOME_TABLES)
    elif Term.objects.filter(consortium=consortium).exists():
        raise SystemExit("The outcomes are already loaded: pass --reset to reload them.")
    load = Loader(progress)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        generate_outcomes(load, consortium=consortium, scale=scale, seed=seed)
    finish(load.timings)
    return load.timings


def generate(*, scale=1.0, boroughs=153, seed=2025, reset=False, progress=True) -> dict:
    """Loads the national data set into the default database; {table: (rows, seconds)}."""
    return World(scale=scale, boroughs=boroughs, seed=seed, progress=progress).run(reset=reset)


def ensure_database() -> None:
    """Creates the PostgreSQL database when it is missing (connecting to `postgres`)."""
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        return
    import psycopg
    from psycopg import sql

    params = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"]}
    params |= {"password": db["PASSWORD"] or None, "dbname": "postgres", "autocommit": True}
    with psycopg.connect(**params) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if exists.fetchone() is None:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
            print(f"created database {db['NAME']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 national; 0.01 quick")
    parser.add_argument("--boroughs", type=int, default=153, help="local authorities (153)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--reset", action="store_true", help="empty the generated tables first")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    parser.add_argument(
        "--outcomes-only",
        action="store_true",
        help="add only the outcomes tables to loaded placements (with --reset: reload them)",
    )
    args = parser.parse_args()
    if not 1 <= args.boroughs <= 156:  # the made-up outcode areas run out after 156
        parser.error("--boroughs must be between 1 and 156")
    from django.core.management import call_command

    ensure_database()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated in {time.perf_counter() - started:.1f} s ({connection.vendor})")
    started = time.perf_counter()
    if args.outcomes_only:
        timings = generate_outcomes_only(
            scale=args.scale, seed=args.seed, reset=args.reset, progress=not args.quiet
        )
    else:
        timings = _generate(args)
    print(f"\n{'table':<40} {'rows':>10} {'seconds':>8} {'rows/s':>9}")
    for table, (rows, seconds) in timings.items():
        rate = f"{rows / seconds:,.0f}" if rows and seconds else ""
        print(f"{table:<40} {rows:>10,} {seconds:>8.1f} {rate:>9}")
    print(f"{'total':<40} {'':>10} {time.perf_counter() - started:>8.1f}")


def _generate(args) -> dict:
    return generate(
        scale=args.scale,
        boroughs=args.boroughs,
        seed=args.seed,
        reset=args.reset,
        progress=not args.quiet,
    )


if __name__ == "__main__":
    main()
