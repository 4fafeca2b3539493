"""SSDA903 placement episodes: the portal's care placements of looked-after children as the
episodes file of the children looked after return names them.

The return's year runs from 1 April to 31 March; the extract for year ending 31 March Y holds each
care placement of a looked-after child of the borough live on any day of that year. The portal
knows placements, not every change of legal status, so it gives one episode per placement and
leaves what only the borough's case record knows blank for the borough to complete:

- CHILD: the borough's own child reference;
- DECOM: the placement's start; DEC and REC its end and reason, when it ended in the year (REC
  only where the end reason is an SSDA903 code);
- RNE: "P" (a change of placement) when the placement followed another of the portal's
  placements; blank otherwise, for the borough to say whether the child started to be looked after;
- LS: the child's legal status; CIN and REASON_PLACE_CHANGE: blank;
- PLACE: the setting's SSDA903 placement type, or the lot's usual one;
- PLACE_PROVIDER: PR5 (voluntary) for a provider with a charity number, PR4 (private) otherwise;
- HOME_POST and PL_POST: the child's and the placement's partial postcodes (outward code and the
  first digit of the inward code);
- URN: the setting's Ofsted URN.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from boroughs.choices import StrandKind
from providers.choices import LotKind

from ..models import Placement

COLUMNS = (
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
)
PLACEMENT_TYPES = frozenset(
    {"U1", "U2", "U3", "U4", "U5", "U6", "K1", "K2", "K3", "H5", "R3", "S1"}
)
LOT_PLACEMENT_TYPES = {
    LotKind.FOSTERING: "U6",
    LotKind.CHILDRENS_HOME: "K2",
    LotKind.SUPPORTED_ACCOMMODATION: "K3",
    LotKind.PARENT_AND_CHILD: "R3",
}
EPISODE_END_CODES = frozenset({"X1", "E4A", "E5", "E7", "E8", "E9", "E17"})


def year_window(year: int) -> tuple[date, date]:
    """The return's year ending 31 March `year`."""
    return date(year - 1, 4, 1), date(year, 3, 31)


def current_year(today: date) -> int:
    """The year ending 31 March that holds `today`."""
    return today.year + 1 if today.month >= 4 else today.year


def partial_postcode(postcode: str) -> str:
    """'CR0 2AB' -> 'CR0 2': the outward code and the first digit of the inward code."""
    parts = (postcode or "").strip().upper().split()
    if len(parts) != 2:
        return ""
    return f"{parts[0]} {parts[1][:1]}"


def care_placements(placements: QuerySet[Placement], year: int) -> QuerySet[Placement]:
    first, last = year_window(year)
    return (
        placements.filter(
            lot__dps__strand__kind=StrandKind.CARE, child__looked_after=True, starts_on__lte=last
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .select_related("child", "setting", "provider", "lot")
        .order_by("child__reference", "starts_on", "pk")
    )


def episodes(placements: QuerySet[Placement], year: int) -> list[tuple[Placement, dict]]:
    """Each care placement live in the year ending 31 March `year`, with its episode row."""
    _, last = year_window(year)
    return [(p, episode_of(p, last)) for p in care_placements(placements, year)]


def episode_of(placement: Placement, last: date) -> dict[str, str]:
    setting, child = placement.setting, placement.child
    ended = placement.ends_on if placement.ends_on and placement.ends_on <= last else None
    place = setting.establishment_type
    if place not in PLACEMENT_TYPES:
        place = LOT_PLACEMENT_TYPES.get(placement.lot.kind, "")
    return {
        "CHILD": child.reference,
        "DECOM": placement.starts_on.isoformat(),
        "RNE": "P" if placement.moved_from_id else "",
        "LS": child.legal_status,
        "CIN": "",
        "PLACE": place,
        "PLACE_PROVIDER": "PR5" if placement.provider.charity_number else "PR4",
        "DEC": ended.isoformat() if ended else "",
        "REC": placement.end_reason if ended and placement.end_reason in EPISODE_END_CODES else "",
        "REASON_PLACE_CHANGE": "",
        "HOME_POST": partial_postcode(child.home_postcode),
        "PL_POST": partial_postcode(setting.postcode),
        "URN": setting.ofsted_urn or "",
    }
