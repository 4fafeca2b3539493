"""The periods the dashboards filter by: a council's financial year (1 April to 31 March), a
school's academic year (1 September to 31 August), or the default the page names.

A period is a half-open range of days [start, end); `months` are the first days of the months it
covers up to the current one (a trend never shows months still to come). The filter is a GET
form, so a filtered page, and each of its CSV downloads, has an address that can be shared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django import forms

YEARS_OFFERED = 6  # this year and the five before it


@dataclass(frozen=True)
class Period:
    key: str  # the form's value: "" (the page's default), "fy-2025", "ay-2025"
    label: str  # "financial year 2025-26"
    start: date | None  # None: from the beginning
    end: date | None  # exclusive; None: to today and beyond

    @property
    def is_default(self) -> bool:
        return not self.key

    def months(self, today: date) -> list[date]:
        """The first day of each month in the period, oldest first, up to today's month; for an
        open period, the 12 months to today's."""
        last = date(today.year, today.month, 1)
        if self.end is not None and self.end <= last:
            last = _month_before(self.end)
        first = self.start or _months_back(last, 11)
        months, month = [], date(first.year, first.month, 1)
        while month <= last:
            months.append(month)
            month = _month_after(month)
        return months


def financial_year(start_year: int) -> Period:
    return Period(
        key=f"fy-{start_year}",
        label=f"financial year {start_year}-{(start_year + 1) % 100:02d}",
        start=date(start_year, 4, 1),
        end=date(start_year + 1, 4, 1),
    )


def academic_year(start_year: int) -> Period:
    return Period(
        key=f"ay-{start_year}",
        label=f"academic year {start_year} to {start_year + 1}",
        start=date(start_year, 9, 1),
        end=date(start_year + 1, 9, 1),
    )


def offered(today: date, default: Period) -> list[Period]:
    """The default, then financial years and academic years, the current one first."""
    fy = today.year if today.month >= 4 else today.year - 1
    ay = today.year if today.month >= 9 else today.year - 1
    return [
        default,
        *(financial_year(fy - n) for n in range(YEARS_OFFERED)),
        *(academic_year(ay - n) for n in range(YEARS_OFFERED)),
    ]


class PeriodForm(forms.Form):
    """The dashboards' period filter. An unknown period is an error at the field; the page then
    shows its default period."""

    period = forms.ChoiceField(label="Period", required=False)

    def __init__(self, data, *, today: date, default: Period):
        super().__init__(data)
        self.periods = {period.key: period for period in offered(today, default)}
        self.default = default
        self.fields["period"].choices = [
            (key, period.label[:1].upper() + period.label[1:])
            for key, period in self.periods.items()
        ]
        self.fields["period"].error_messages["invalid_choice"] = (
            "Choose a period from the list: a financial year or an academic year"
        )

    def chosen(self) -> Period:
        if self.is_valid():
            return self.periods[self.cleaned_data["period"] or ""]
        return self.default


ALL_YEARS = Period(key="", label="all years", start=None, end=None)
LAST_12_MONTHS = Period(key="", label="last 12 months", start=None, end=None)


def _month_after(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _month_before(month: date) -> date:
    return date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)


def _months_back(month: date, count: int) -> date:
    for _ in range(count):
        month = _month_before(month)
    return month
