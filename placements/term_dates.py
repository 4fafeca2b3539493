"""The term dates loaded for a consortium by `load_term_dates` (and the 0011 data migration).

London pattern, first and last day of each half-term (pupils' days; schools add their own
training days). 2025-26 follows Croydon's published dates; 2026-27 and 2027-28 are estimates on
the same pattern, fitted to Easter and the bank holidays (ADR 17): check them against the
boroughs' published dates and correct them in the Django admin.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

SOURCE_PUBLISHED = "Croydon's published term dates (London pattern)"
SOURCE_ESTIMATED = "Estimated on the London pattern: check against the published dates"

TERM_DATES: dict[int, tuple[str, tuple[tuple[str, str], ...]]] = {
    2025: (
        SOURCE_PUBLISHED,
        (
            ("2025-09-03", "2025-10-24"),
            ("2025-11-03", "2025-12-19"),
            ("2026-01-05", "2026-02-13"),
            ("2026-02-23", "2026-03-27"),
            ("2026-04-13", "2026-05-22"),
            ("2026-06-01", "2026-07-21"),
        ),
    ),
    2026: (
        SOURCE_ESTIMATED,
        (
            ("2026-09-03", "2026-10-23"),
            ("2026-11-02", "2026-12-18"),
            ("2027-01-04", "2027-02-12"),
            ("2027-02-22", "2027-03-25"),  # Good Friday is 26 March 2027
            ("2027-04-12", "2027-05-28"),
            ("2027-06-07", "2027-07-21"),
        ),
    ),
    2027: (
        SOURCE_ESTIMATED,
        (
            ("2027-09-02", "2027-10-22"),
            ("2027-11-01", "2027-12-17"),
            ("2028-01-04", "2028-02-11"),  # 3 January 2028 is the New Year bank holiday
            ("2028-02-21", "2028-04-07"),  # Good Friday is 14 April 2028
            ("2028-04-24", "2028-05-26"),
            ("2028-06-05", "2028-07-21"),
        ),
    ),
}


@transaction.atomic
def load_term_dates(consortium, years: list[int] | None = None) -> int:
    """Record the known term dates for `consortium`, leaving half-terms already recorded (an
    admin's correction wins). Answers how many half-terms were added."""
    from .models import TermDates

    added = 0
    for year in years or sorted(TERM_DATES):
        source, halves = TERM_DATES[year]
        for number, (first, last) in enumerate(halves, start=1):
            _, created = TermDates.objects.get_or_create(
                consortium=consortium,
                academic_year=year,
                half_term=number,
                defaults={
                    "starts_on": date.fromisoformat(first),
                    "ends_on": date.fromisoformat(last),
                    "source": source,
                },
            )
            added += created
    return added
