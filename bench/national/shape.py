"""The made-up country's shape: national totals, how needs, settings, lots and statuses are
mixed, and the small helpers every generator uses."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

from allauth.mfa.models import Authenticator

from bench.outcomes_scale import OUTCOME_TABLES
from boroughs.models import (
    Borough,
    Consortium,
    RoleAssignment,
    Strand,
    StrandMembership,
    User,
)
from placements.models import (
    Child,
    FeeChange,
    Offer,
    Placement,
    PlacementRequest,
    RequestInvitation,
)
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
