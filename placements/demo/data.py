"""The demo's tables, and readers of the real figures it is scaled from.

Real: the DfE list's schools (named here with the provider that runs them in the demo, their
needs and ages), each borough's EHC plans in January 2025 and their primary needs (DfE SEN2, in
placements/data/), the postcodes children live at (OS Code-Point Open 2014, in boroughs/data/).
Invented: the providers, the care settings, prices, and how many requests end each way.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from boroughs.choices import StrandKind
from boroughs.geo import OUTCODES_CSV, POSTCODES_CSV, Location
from providers.choices import LotKind

from ..choices import PhaseTransfer, RequestStatus

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
EHCP_TOTALS_CSV = DATA_DIR / "ehcp_totals_south_london_2010_2025.csv"
PRIMARY_NEED_CSV = DATA_DIR / "ehcp_primary_need_2025_south_london.csv"
CENSUS_YEAR = "2025"
PLANS_PER_CHILD = 80  # 32,297 EHC plans in the ten SEND boroughs: about 400 demo children
SEED = 2014  # the year the SEND strand began
# England, January 2025 (DfE SEN2): the mix of needs if the South London file is missing.
NATIONAL_NEEDS = {
    "ASD": 201183, "SEMH": 132218, "SLCN": 135835, "MLD": 67861, "SLD": 25025, "PMLD": 8577,
    "SPLD": 15030, "HI": 8765, "VI": 5280, "MSI": 1692, "PD": 24897, "OTH": 7512,
}  # fmt: skip
# Looked-after children of the care-strand boroughs the demo places: Southwark, Lambeth, Croydon.
LOOKED_AFTER = {"SOU": 16, "LAM": 14, "CRO": 10}
COMMISSIONER_NAMES = {
    "Bexley": "Bea", "Greenwich": "Gus", "Merton": "Mo", "Sutton": "Sid", "Wandsworth": "Wyn",
    "Lewisham": "Lou", "Kingston upon Thames": "Kim", "Richmond upon Thames": "Rae",
    "Southwark": "Sol", "Lambeth": "Lana",
}  # fmt: skip


@dataclass(frozen=True)
class DemoProvider:
    key: str
    legal_name: str
    number: str
    office_borough: str  # ONS code
    user_email: str
    user_name: str


PROVIDERS = [
    DemoProvider("kestrel", "Kestrel Autism Schools Limited", "08000001", "E09000032",
                 "provider.kestrel@example.org", "Kerry Kestrel"),
    DemoProvider("wandle", "Wandle Therapeutic Education Limited", "08000002", "E09000006",
                 "provider.wandle@example.org", "Wade Wandle"),
    DemoProvider("northdown", "Northdown Learning Limited", "08000003", "E09000024",
                 "provider.northdown@example.org", "Nina Northdown"),
    DemoProvider("ravensbourne", "Ravensbourne Specialist Colleges", "08000004", "E09000029",
                 "provider.ravensbourne@example.org", "Rav Ravensbourne"),
    DemoProvider("hollybank", "Hollybank Children's Services Limited", "08000005", "E09000023",
                 "provider.hollybank@example.org", "Holly Bank"),
    DemoProvider("brightwater", "Brightwater Fostering Limited", "08000006", "E09000022",
                 "provider.brightwater@example.org", "Bri Waters"),
]  # fmt: skip

# The DfE list's schools as this demo runs them: (provider, needs, ages, sex, residential lot).
SCHOOLS = {
    "Baston House School": ("kestrel", "ASD SLCN", 5, 19, "mixed", None),
    "BeyondAutism Schools - Tram House School": ("kestrel", "ASD SLD SLCN", 4, 19, "mixed", None),
    "Rainbow School": ("kestrel", "ASD SLD", 4, 19, "mixed", None),
    "Eagle House School, Mitcham": ("kestrel", "ASD SLCN", 4, 11, "mixed", None),
    "Eagle House School, Sutton": ("kestrel", "ASD SLCN", 11, 19, "mixed", LotKind.ISS_RESIDENTIAL_38),
    "The Priory Lodge School": ("kestrel", "ASD SLCN MLD", 7, 19, "mixed", LotKind.ISS_RESIDENTIAL_52),
    "Treasure House London CIC": ("kestrel", "ASD SEMH", 11, 18, "mixed", None),
    "Kent House Hospital School": ("wandle", "SEMH", 11, 18, "mixed", LotKind.ISS_RESIDENTIAL_52),
    "Clannad Education Centre": ("wandle", "SEMH", 11, 17, "mixed", None),
    "TLC The Learning Centre": ("wandle", "SEMH MLD", 11, 16, "mixed", None),
    "The Tutorial Foundation": ("wandle", "SEMH SPLD", 11, 17, "mixed", None),
    "Park View Academy": ("wandle", "SEMH", 11, 16, "mixed", None),
    "Wize Up": ("wandle", "SEMH", 11, 16, "mixed", None),
    "FACE Youth Therapeutic School": ("wandle", "SEMH", 11, 18, "mixed", LotKind.ISS_RESIDENTIAL_52),
    "Brookways School": ("wandle", "SEMH ASD OTH", 7, 18, "mixed", None),
    "Phoenixplace": ("wandle", "SEMH", 5, 16, "mixed", None),
    "Octavia House Schools": ("wandle", "SEMH", 5, 16, "mixed", None),
    "Young Women's Hub": ("wandle", "SEMH", 11, 18, "girls", None),
    "Centre Academy London": ("northdown", "SPLD ASD SLCN", 9, 19, "mixed", None),
    "The Dominie School Limited": ("northdown", "SPLD SLCN", 6, 13, "mixed", None),
    "Browns School": ("northdown", "SPLD MLD SLCN", 6, 12, "mixed", None),
    "Blossom House School": ("northdown", "SLCN ASD HI", 4, 19, "mixed", None),
    "The Chelsea Group of Children": ("northdown", "SLCN ASD", 4, 11, "mixed", None),
    "Cavendish School": ("northdown", "ASD MLD", 11, 19, "mixed", None),
    "Orchard Hill College": ("ravensbourne", "SLD PMLD PD MSI", 16, 25, "mixed", None),
    "Nash College": ("ravensbourne", "PMLD PD MSI VI HI", 16, 25, "mixed", None),
    "The Michael Tippett College": ("ravensbourne", "SLD MLD ASD", 16, 25, "mixed", None),
    "The Autism Project": ("ravensbourne", "ASD", 16, 25, "mixed", None),
    # The demo provider (provider@example.org) runs the Croydon schools and a home there.
    "Cressey College": ("example", "SEMH ASD MLD OTH", 11, 18, "mixed", None),
    "Kingsdown Secondary School": ("example", "SEMH ASD", 11, 16, "mixed", None),
    "Rutherford School": ("example", "PMLD SLD PD MSI VI HI", 3, 19, "mixed", LotKind.ISS_RESIDENTIAL_52),
    "Serenity School": ("example", "SEMH ASD", 11, 16, "mixed", None),
    "The Write Time": ("example", "SEMH SLCN SPLD", 11, 16, "mixed", None),
}  # fmt: skip
POST_16_NAMES = {"Orchard Hill College", "Nash College", "The Michael Tippett College",
                 "The Autism Project"}  # fmt: skip

# Invented care settings: (name, Ofsted URN, SSDA903 type, lot, provider, borough, ages, places).
CARE_SETTINGS = [
    ("Hollybank House", "SC900001", "K2", LotKind.CHILDRENS_HOME, "hollybank", "E09000023", 8, 17, 4),
    ("Larkspur Lodge", "SC900002", "K2", LotKind.CHILDRENS_HOME, "hollybank", "E09000022", 11, 17, 3),
    ("Maple Court", "SC900003", "K3", LotKind.SUPPORTED_ACCOMMODATION, "hollybank", "E09000028", 16, 17, 8),
    ("Brightwater Fostering South London", "SC900004", "U6", LotKind.FOSTERING, "brightwater", "E09000022", 0, 17, 40),
    ("Brightwater Parent and Child", "SC900005", "R3", LotKind.PARENT_AND_CHILD, "brightwater", "E09000011", 14, 17, 3),
    ("Addington Lodge", "SC900006", "K2", LotKind.CHILDRENS_HOME, "example", "E09000008", 10, 17, 4),
    ("Example Fostering Croydon", "SC900007", "U6", LotKind.FOSTERING, "example", "E09000008", 0, 17, 20),
]  # fmt: skip
CARE_OFSTED = ["Good", "Outstanding", "Good", "Requires improvement to be good", "Good", "Good",
               "Outstanding"]  # fmt: skip

# Weekly DPS ceilings by lot (pounds) and how each splits into the price line's parts.
CEILINGS = {
    LotKind.ISS_DAY: (900, 2200), LotKind.ISS_RESIDENTIAL_38: (3500, 5500),
    LotKind.ISS_RESIDENTIAL_52: (3500, 6500), LotKind.POST_16: (1000, 1900),
    LotKind.FOSTERING: (850, 1250), LotKind.CHILDRENS_HOME: (4500, 7500),
    LotKind.SUPPORTED_ACCOMMODATION: (1400, 2600), LotKind.PARENT_AND_CHILD: (2500, 4000),
}  # fmt: skip
WEEKS = {LotKind.ISS_DAY: 38, LotKind.ISS_RESIDENTIAL_38: 38, LotKind.POST_16: 38}
SHARES = {
    LotKind.ISS_DAY: {"education": 80, "therapies": 15, "other": 5},
    LotKind.POST_16: {"education": 85, "therapies": 15},
    LotKind.ISS_RESIDENTIAL_38: {"education": 45, "care": 45, "therapies": 10},
    LotKind.ISS_RESIDENTIAL_52: {"education": 40, "care": 50, "therapies": 10},
    LotKind.FOSTERING: {"care": 100},
}
CARE_SHARES = {"care": 90, "other": 10}

# Plans: how many requests end each way. SEND awards are shared by the boroughs' demo children;
# the rest name their boroughs by prefix (the first three letters of the name).
SEND_AWARDED = 128
CARE_AWARDED = {"SOU": 7, "LAM": 6, "CRO": 5}
NOT_AWARDED = {
    StrandKind.SEND: {
        RequestStatus.DRAFT: "CRO CRO BRO LEW GRE SUT",
        RequestStatus.OPEN: "CRO CRO CRO BRO BRO BEX WAN MER KIN LEW",
        RequestStatus.EVALUATING: "CRO CRO BRO RIC SUT GRE LEW",
        RequestStatus.CANCELLED: "CRO BRO BEX WAN MER KIN RIC",
        RequestStatus.NONE_SUITABLE: "CRO LEW GRE SUT BEX",
    },
    StrandKind.CARE: {
        RequestStatus.DRAFT: "SOU",
        RequestStatus.OPEN: "CRO LAM",
        RequestStatus.EVALUATING: "SOU",
        RequestStatus.CANCELLED: "LAM",
        RequestStatus.NONE_SUITABLE: "CRO",
    },
}
MAX_MOVES = 3
PHASES = {0: PhaseTransfer.EARLY_YEARS_TO_RECEPTION, 7: PhaseTransfer.YEAR_6_TO_7,
          12: PhaseTransfer.YEAR_11_TO_POST_16}  # fmt: skip


def split(total: int, shares: dict[str, int]) -> dict[str, Decimal]:
    """Whole pounds split by percentage shares; the last part takes the rounding."""
    parts, left = {}, total
    for index, (name, share) in enumerate(shares.items()):
        value = left if index == len(shares) - 1 else round(total * share / 100)
        parts[name], left = Decimal(value), left - value
    return parts


class Geography:
    """Real postcodes and outcode centroids of each South London borough (by ONS code).

    Kept as text: only the few hundred picked become Decimals.
    """

    def __init__(self, ons_codes: set[str]):
        self.postcodes = self._read(POSTCODES_CSV, "lad_code", "postcode", ons_codes)
        self.outcodes = self._read(OUTCODES_CSV, "main_lad_code", "outcode", ons_codes)

    @staticmethod
    def _read(path: Path, borough: str, key: str, ons_codes: set[str]) -> dict[str, list]:
        found: dict[str, list] = {code: [] for code in ons_codes}
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                # Code-Point's quality 90 has no position of its own.
                if row[borough] in found and row.get("positional_quality") != "90":
                    found[row[borough]].append((row[key], row["latitude"], row["longitude"]))
        return found

    def postcode(self, rng: random.Random, ons_code: str) -> tuple[str, Location]:
        """A real postcode in the borough, and where it is."""
        postcode, latitude, longitude = rng.choice(self.postcodes[ons_code])
        return postcode, Location(Decimal(latitude), Decimal(longitude), "postcode")

    def near_centre(self, rng: random.Random, ons_code: str) -> Location:
        """Somewhere in the borough: an outcode's centroid, moved up to about 400 m."""
        _, latitude, longitude = rng.choice(self.outcodes[ons_code])
        dlat, dlon = (Decimal(rng.randint(-400, 400)) / 100000 for _ in range(2))
        place = (Decimal(latitude) + dlat, Decimal(longitude) + dlon)
        return Location(*(value.quantize(Decimal("0.00001")) for value in place), "outcode")


def apportion(total: int, weights: dict[str, int]) -> dict[str, int]:
    """`total` shared in proportion to `weights`, by largest remainder: the parts add up."""
    whole = sum(weights.values())
    exact = {key: total * weight / whole for key, weight in weights.items()}
    parts = {key: int(value) for key, value in exact.items()}
    by_remainder = sorted(exact, key=lambda key: parts[key] - exact[key])
    for key in by_remainder[: total - sum(parts.values())]:
        parts[key] += 1
    return parts


def ehc_plans_2025(path: Path = EHCP_TOTALS_CSV) -> dict[str, int]:
    """EHC plans in January 2025 by borough ONS code (DfE SEN2)."""
    with path.open(newline="", encoding="utf-8") as handle:
        return {
            row["gss_code"]: int(row["ehc_plans"])
            for row in csv.DictReader(handle)
            if row["census_january_year"] == CENSUS_YEAR and row["dfe_la_code"]
        }


def primary_needs_2025(path: Path = PRIMARY_NEED_CSV) -> dict[str, dict[str, int]]:
    """Plans by primary need per DfE LA number; 'unknown' is left out."""
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as handle:
        return {
            row["dfe_la_code"]: {need: int(row[need]) for need in NATIONAL_NEEDS}
            for row in csv.DictReader(handle)
            if row["dfe_la_code"]
        }
