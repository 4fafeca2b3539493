"""The market: local authorities, outcodes, users, providers, their settings, inspections and
enrolments on the lots (World's first tables)."""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from bench.national.shape import (
    AGES,
    BENCH_DOMAIN,
    BOX,
    CARE_LOTS,
    CONSORTIUM_SLUG,
    DPS_START,
    ENROLMENT_STATUS,
    FEE_PARTS,
    GRADES,
    LA_KINDS,
    LEAD_ANALYST_EMAIL,
    LONDON,
    LOT_SHAPE,
    NAME_PARTS,
    NEED_WEIGHTS,
    OUTCODES_PER_LA,
    SETTING_KINDS,
    SETTING_SEX,
    commissioner_email,
    pounds,
)
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


class MarketMixin:
    """Generates the market's tables for World (bench/national_scale.py)."""

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
