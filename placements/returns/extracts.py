"""What council staff may take: a borough's SEN2 items, SSDA903 episodes and reconciliation.

A borough's returns are its own: a commissioner or borough analyst takes their borough's, the
lead borough's consortium-wide roles any member borough's. Providers never. Every child the
extract names is logged as viewed (placements.access).
"""

from __future__ import annotations

from datetime import date

from boroughs import policy
from boroughs.models import Borough

from ..access import log_children_viewed
from ..models import Placement
from . import sen2, ssda903
from .reconcile import Reconciliation, reconcile
from .upload import read_return

# The first year each return is offered for: the first person-level SEN2 return, January 2022.
FIRST_YEAR = 2022
LAST_YEAR = 9999
MSG_NO_BOROUGH = "No such borough among those whose returns you make"
MSG_NO_YEAR = "Choose a year from {first} to {last}"


class NoSuchChoice(Exception):
    """A borough or year the user is not offered; `field` names which."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def sen2_years(today: date) -> list[int]:
    """The SEN2 collections offered, newest first: the one being prepared, back to the first."""
    return list(range(sen2.current_collection(today), FIRST_YEAR - 1, -1))


def ssda903_years(today: date) -> list[int]:
    return list(range(ssda903.current_year(today), FIRST_YEAR - 1, -1))


class Choice:
    """The borough and years asked for (`params`, like a query string), each defaulting to the
    first offered; NoSuchChoice for one not offered."""

    def __init__(self, user, params, today: date, *, any_year: bool = False):
        self.boroughs = return_boroughs(user)
        self.sen2_years = sen2_years(today)
        self.ssda903_years = ssda903_years(today)
        self.any_year = any_year  # the API: any year from the first, the future's empty
        code = params.get("borough") or (user.borough.ons_code if self.boroughs else "")
        self.borough = next((b for b in self.boroughs if b.ons_code == code), None)
        if self.borough is None:
            raise NoSuchChoice("borough", MSG_NO_BOROUGH)
        self.sen2_year = self._year("sen2_year", params.get("sen2_year"), self.sen2_years)
        self.ssda903_year = self._year(
            "ssda903_year", params.get("ssda903_year"), self.ssda903_years
        )

    def _year(self, name: str, given: str | None, offered: list[int]) -> int:
        if given is None or (given == "" and not self.any_year):
            return offered[0]
        first, last = offered[-1], (LAST_YEAR if self.any_year else offered[0])
        if not str(given).isdigit() or not first <= int(given) <= last:
            raise NoSuchChoice(name, MSG_NO_YEAR.format(first=first, last=last))
        if not self.any_year and int(given) not in offered:
            raise NoSuchChoice(name, MSG_NO_YEAR.format(first=first, last=last))
        return int(given)

    def query(self, **extra) -> str:
        params = {
            "borough": self.borough.ons_code,
            "sen2_year": self.sen2_year,
            "ssda903_year": self.ssda903_year,
            **extra,
        }
        return "&".join(f"{key}={value}" for key, value in params.items())


def return_boroughs(user) -> list[Borough]:
    """The boroughs whose returns `user` may take (placements.rules): their own, or every
    member borough for the consortium-wide roles."""
    if not getattr(user, "borough_id", None):
        return []
    candidates = Borough.objects.filter(consortium_id=user.consortium_id).order_by("name")
    return [b for b in candidates if policy.may(user, "placements.statutory_returns", b)]


def _placements(user, borough: Borough):
    policy.require(user, "placements.statutory_returns", borough)
    return Placement.objects.for_user(user).filter(borough=borough)


def sen2_items(user, borough: Borough, year: int, *, log: bool = True) -> list[sen2.Sen2Item]:
    found = sen2.items(_placements(user, borough), year)
    if log:
        log_children_viewed(user, {p.child_id for p, _ in found}, f"SEN2 extract {year}")
    return [item for _, item in found]


def ssda903_episodes(user, borough: Borough, year: int, *, log: bool = True) -> list[dict]:
    found = ssda903.episodes(_placements(user, borough), year)
    if log:
        log_children_viewed(user, {p.child_id for p, _ in found}, f"SSDA903 episodes {year}")
    return [row for _, row in found]


def sen2_reconcile(user, borough: Borough, year: int, data: bytes) -> Reconciliation:
    """The borough's return (`data`: its XML or a CSV of items) against the portal's items."""
    filed = read_return(data)
    found = sen2.items(_placements(user, borough), year)
    log_children_viewed(user, {p.child_id for p, _ in found}, f"SEN2 reconciliation {year}")
    return reconcile([item for _, item in found], filed)
