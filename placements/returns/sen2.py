"""SEN2 placement items: the portal's SEND placements as the person-level SEN2 return's
placement details (module 5) name them, for a borough to check and key into its return.

SEN2 is taken on census day, the third Thursday of January. A return covers every placement of a
person with an active EHC plan on census day and every placement during the calendar year before
it, so the extract for collection year Y holds each SEND placement of the borough live on any day
from 1 January of Y-1 to census day in Y.

Each item gives, in the return's own element names:

- URN and UKPRN of the setting (a special post-16 institution may have only a UKPRN);
- SENsetting, which the return asks for only where a placement has neither: "OTH" then;
- EstablishmentType: the setting's GIAS establishment type (08, 10, 32...);
- PlacementRank: 1, or 2 for therapies and additional support alongside a school placement;
- EntryDate and LeavingDate (blank while the placement goes on past census day);
- AttendancePattern: "FT" for a school or college place, "PT" for therapies and support;
- Residential: "Y" for a residential placement, "N" for a day placement;
- SENtype (the child's primary need) and SENtype2 (the first secondary need), as SEN2 codes.

Person details come from the portal's child record: the borough's own child reference (the
extract is the borough's, for its own return; providers never see it) and the date of birth.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from boroughs.choices import StrandKind
from providers.choices import LotKind

from ..models import Placement

THURSDAY = 3
SUPPORT_LOTS = frozenset({LotKind.THERAPIES})


def census_date(year: int) -> date:
    """SEN2 census day: the third Thursday of January `year`."""
    first = date(year, 1, 1)
    first_thursday = first + timedelta(days=(THURSDAY - first.weekday()) % 7)
    return first_thursday + timedelta(weeks=2)


def collection_window(year: int) -> tuple[date, date]:
    """The days a collection year's placements must touch: 1 January before, to census day."""
    return date(year - 1, 1, 1), census_date(year)


def current_collection(today: date) -> int:
    """The return a borough is preparing on `today`: this January's until its census day has
    passed, next January's after."""
    return today.year if today <= census_date(today.year) else today.year + 1


@dataclass(frozen=True)
class Sen2Item:
    """One placement detail of the SEN2 return, in its element names (all text, as filed)."""

    ChildReference: str
    PersonBirthDate: str
    URN: str
    UKPRN: str
    SENsetting: str
    EstablishmentType: str
    PlacementRank: str
    EntryDate: str
    LeavingDate: str
    AttendancePattern: str
    Residential: str
    SENtype: str
    SENtype2: str
    SettingName: str

    @property
    def setting_key(self) -> str:
        return setting_key(self.URN, self.UKPRN, self.SENsetting)


COLUMNS = tuple(f.name for f in fields(Sen2Item))


def setting_key(urn: str, ukprn: str, sen_setting: str) -> str:
    """What a placement item is paired on besides the child: the setting's URN, else its UKPRN,
    else the SEN2 setting code the return gives when there is neither."""
    return urn or ukprn or (f"SENsetting {sen_setting}" if sen_setting else "")


def send_placements(placements: QuerySet[Placement], year: int) -> QuerySet[Placement]:
    """The SEND placements of `placements` (already scoped) live in collection year `year`."""
    first, census = collection_window(year)
    return (
        placements.filter(lot__dps__strand__kind=StrandKind.SEND, starts_on__lte=census)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .select_related("child", "setting", "lot")
        .order_by("child__reference", "starts_on", "pk")
    )


def items(placements: QuerySet[Placement], year: int) -> list[tuple[Placement, Sen2Item]]:
    """Each SEND placement live in collection year `year`, with its SEN2 placement item."""
    census = census_date(year)
    chosen = list(send_placements(placements, year))
    with_school = {p.child_id for p in chosen if p.lot.kind not in SUPPORT_LOTS}
    return [(p, item_of(p, census, p.child_id in with_school)) for p in chosen]


def item_of(placement: Placement, census: date, child_has_school: bool) -> Sen2Item:
    setting, child = placement.setting, placement.child
    support = placement.lot.kind in SUPPORT_LOTS
    left = placement.ends_on if placement.ends_on and placement.ends_on <= census else None
    secondary = [need for need in child.secondary_needs if need != child.primary_need]
    return Sen2Item(
        ChildReference=child.reference,
        PersonBirthDate=child.date_of_birth.isoformat(),
        URN=setting.urn or "",
        UKPRN=setting.ukprn,
        SENsetting="" if (setting.urn or setting.ukprn) else "OTH",
        EstablishmentType=setting.establishment_type,
        PlacementRank="2" if support and child_has_school else "1",
        EntryDate=placement.starts_on.isoformat(),
        LeavingDate=left.isoformat() if left else "",
        AttendancePattern="PT" if support else "FT",
        Residential="Y" if placement.provision == "residential" else "N",
        SENtype=child.primary_need,
        SENtype2=secondary[0] if secondary else "",
        SettingName=setting.name,
    )
