"""What a provider may know about a child: needs and a rough age, no identity.

The anonymised request a provider's pages, the API and the subject access export show: the
national curriculum year, an age band, sex, needs and the postcode district. Never the name, the
borough's reference, the date of birth or the full postcode.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from providers.choices import NeedCode

from .matching import age_on
from .models import Child

# Age bands wide enough not to narrow a child down beyond the curriculum year already shown.
AGE_BANDS = ((4, "Under 5"), (10, "5 to 10"), (15, "11 to 15"), (18, "16 to 18"))


def curriculum_year_label(year: int) -> str:
    if year < 0:
        return "Early years"
    if year == 0:
        return "Reception"
    if year <= 13:
        return f"Year {year}"
    return "Post-19"


def age_band(date_of_birth: date, on: date) -> str:
    age = age_on(date_of_birth, on)
    for upper, label in AGE_BANDS:
        if age <= upper:
            return label
    return "19 to 25"


def need_label(code: str) -> str:
    return NeedCode(code).label if code in NeedCode.values else code


@dataclass(frozen=True)
class AnonymousChild:
    """The child as a provider sees them: needs and a rough age, no identity."""

    curriculum_year: str
    age_band: str
    sex: str
    primary_need: str
    secondary_needs: list[str]
    postcode_district: str

    @classmethod
    def of(cls, child: Child, *, on: date) -> AnonymousChild:
        return cls(
            curriculum_year=curriculum_year_label(child.national_curriculum_year),
            age_band=age_band(child.date_of_birth, on),
            sex=child.get_sex_display(),
            primary_need=need_label(child.primary_need),
            secondary_needs=[need_label(code) for code in child.secondary_needs or []],
            postcode_district=child.postcode_district,
        )
