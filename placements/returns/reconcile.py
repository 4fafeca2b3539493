"""Reconciling a borough's SEN2 return with the portal's placements: every difference listed.

Items are paired on the child's date of birth and the setting (URN, or UKPRN where there is no
URN); where a child has more than one placement at one setting, on the nearest entry date. For
each pair the fields both sides state are compared (a field the return leaves out, like the
attendance pattern the 2025 return no longer asks, is not a difference). What is left unpaired
is a placement in the portal missing from the return, or one in the return the portal does not
hold (a placement the borough made outside the consortium, or a mistake to check).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from .sen2 import Sen2Item
from .upload import ReturnItem

COMPARED = (
    ("EntryDate", "Entry date"),
    ("LeavingDate", "Leaving date"),
    ("AttendancePattern", "Attendance pattern"),
    ("Residential", "Residential"),
    ("PlacementRank", "Placement rank"),
    ("SENtype", "Primary need"),
)
ONLY_PORTAL = "only_portal"
ONLY_RETURN = "only_return"
DIFFERS = "differs"


@dataclass(frozen=True)
class Difference:
    kind: str
    child: str  # the portal's child reference, or the return's place for an unpaired item
    birth_date: str
    setting: str
    what: str
    portal: str = ""
    in_return: str = ""


@dataclass
class Reconciliation:
    portal_items: int
    return_items: int
    paired: int = 0
    differences: list[Difference] = field(default_factory=list)

    @property
    def agrees(self) -> bool:
        return not self.differences

    def count(self, kind: str) -> int:
        return sum(1 for d in self.differences if d.kind == kind)


def _entry(value: str) -> date:
    return date.fromisoformat(value) if value else date.min


def reconcile(portal: list[Sen2Item], filed: list[ReturnItem]) -> Reconciliation:
    result = Reconciliation(portal_items=len(portal), return_items=len(filed))
    theirs: dict[tuple[str, str], list[ReturnItem]] = defaultdict(list)
    for item in filed:
        theirs[(item.get("PersonBirthDate"), item.setting_key)].append(item)
    for ours in portal:
        candidates = theirs.get((ours.PersonBirthDate, ours.setting_key), [])
        if not candidates:
            result.differences.append(
                Difference(
                    ONLY_PORTAL,
                    ours.ChildReference,
                    ours.PersonBirthDate,
                    f"{ours.SettingName} ({ours.setting_key})",
                    f"In the portal, not in the return: from {ours.EntryDate}",
                )
            )
            continue
        entry = _entry(ours.EntryDate)
        match = min(candidates, key=lambda c: abs((_entry(c.get("EntryDate")) - entry).days))
        candidates.remove(match)
        result.paired += 1
        for name, label in COMPARED:
            stated = match.get(name)
            if name not in match.values or stated == getattr(ours, name):
                continue
            result.differences.append(
                Difference(
                    DIFFERS,
                    ours.ChildReference,
                    ours.PersonBirthDate,
                    f"{ours.SettingName} ({ours.setting_key})",
                    label,
                    getattr(ours, name) or "(blank)",
                    stated or "(blank)",
                )
            )
    for left in theirs.values():
        for item in left:
            result.differences.append(
                Difference(
                    ONLY_RETURN,
                    item.where,
                    item.get("PersonBirthDate"),
                    item.setting_key,
                    f"In the return, not in the portal: entry date {item.get('EntryDate')}",
                )
            )
    return result
