"""The peer network never identifies a child: what boroughs write to each other is refused when
it carries a child's identity.

Boroughs' threads and providers' notes both call `check_text`. It refuses a full postcode (the
district, like "CR0", is fine), a date next to a word like "born" or "DOB", a UPN-like pupil
number, and whatever a registered check finds: the children are a higher app's data
(placements), so placements registers a check that looks for its children's references and
names (`register_text_check`), and this app imports nothing of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kernel.errors import DomainError

MSG_POSTCODE = "Remove the full postcode: give the postcode district only, like CR0"
MSG_DATE_OF_BIRTH = "Remove the date of birth: the peer network must never identify a child"
MSG_PUPIL_NUMBER = "Remove the pupil number: the peer network must never identify a child"
MSG_CHILD = (
    "Remove the child's name or reference: the peer network is about providers and "
    "settings, never a child"
)

# A check takes the text and the consortium's id; it answers a message, or None if all is well.
TextCheck = Callable[[str, int], "str | None"]
_checks: list[TextCheck] = []


def register_text_check(check: TextCheck) -> None:
    """Called from a higher app's AppConfig.ready()."""
    if check not in _checks:
        _checks.append(check)


POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9])([A-Z]{2})\b", re.IGNORECASE)
ORDINAL = {"ST", "ND", "RD", "TH"}
# A UPN is a letter, 11 digits and a check character; temporary ones end in a letter.
PUPIL_NUMBER = re.compile(r"\b[A-Z][0-9]{11}[0-9A-Z]\b", re.IGNORECASE)
BIRTH_WORDS = re.compile(r"\b(born|birth|birthday|dob|d\.o\.b)\b", re.IGNORECASE)
MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE = re.compile(
    r"\b\d{1,2}[/.\-]\d{1,2}[/.\-](\d{4}|\d{2})\b"  # 14/03/2016, 14.3.16
    r"|\b\d{4}-\d{1,2}-\d{1,2}\b"  # 2016-03-14
    rf"|\b\d{{1,2}}(st|nd|rd|th)?\s+(of\s+)?{MONTH},?\s+\d{{2,4}}\b"  # 14 March 2016
    rf"|\b{MONTH}\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}\b",  # March 14th, 2016
    re.IGNORECASE,
)
NEAR = 40  # characters between a date and a birth word for the date to be a date of birth


def _has_postcode(text: str) -> bool:
    for match in POSTCODE.finditer(text):
        inward = match.group(2) + match.group(3)
        # "Y11 2nd" or "KS2 4th" read like a postcode in lower case; a real one is in capitals.
        if match.group(3).upper() in ORDINAL and not inward.isupper():
            continue
        return True
    return False


def _has_date_of_birth(text: str) -> bool:
    words = [match.span() for match in BIRTH_WORDS.finditer(text)]
    if not words:
        return False
    for date in DATE.finditer(text):
        start, end = date.span()
        if any(start - NEAR <= w_end and w_start <= end + NEAR for w_start, w_end in words):
            return True
    return False


def pattern_problem(text: str) -> str | None:
    """What in the text identifies a child by its shape alone, as a message; or None."""
    if _has_postcode(text):
        return MSG_POSTCODE
    if _has_date_of_birth(text):
        return MSG_DATE_OF_BIRTH
    if PUPIL_NUMBER.search(text):
        return MSG_PUPIL_NUMBER
    return None


def text_problem(text: str, *, consortium_id: int) -> str | None:
    """The first problem the patterns or a registered check find in the text, or None."""
    if not text:
        return None
    found = pattern_problem(text)
    for check in _checks:
        if found:
            break
        found = check(text, consortium_id)
    return found


def check_text(text: str, *, consortium_id: int, field: str) -> None:
    """Refuse (DomainError at `field`) text that identifies a child."""
    problem = text_problem(text, consortium_id=consortium_id)
    if problem:
        raise DomainError(problem, field=field)
