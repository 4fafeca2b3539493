"""A consortium's school term dates, half-term by half-term: what 38-week placements are
charged for (ADR 17). The breaks are the gaps between half-terms."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from boroughs.models import Consortium
from boroughs.tenancy import ConsortiumAndMarketQuerySet

from ..terms import HalfTerm, TermCalendar

HALF_TERMS = [
    (1, "Autumn 1"),
    (2, "Autumn 2"),
    (3, "Spring 1"),
    (4, "Spring 2"),
    (5, "Summer 1"),
    (6, "Summer 2"),
]


class TermDatesQuerySet(ConsortiumAndMarketQuerySet):
    """The consortium's staff and every provider read the term dates: they are public."""


class TermDates(models.Model):
    """One half-term of one academic year, first and last day of term both included.

    Edited by consortium admins in the Django admin; loaded for known years by the
    `load_term_dates` command. A 38-week placement is charged for the weekdays inside them.
    """

    consortium = models.ForeignKey(Consortium, on_delete=models.PROTECT, related_name="term_dates")
    academic_year = models.PositiveSmallIntegerField(
        help_text="The year it starts: 2025 for 2025-26."
    )
    half_term = models.PositiveSmallIntegerField(choices=HALF_TERMS)
    starts_on = models.DateField("first day of term")
    ends_on = models.DateField("last day of term")
    source = models.CharField(max_length=200, blank=True, help_text="Where the dates come from.")

    objects = TermDatesQuerySet.as_manager()

    class Meta:
        verbose_name = "term dates"
        verbose_name_plural = "term dates"
        ordering = ["consortium", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["consortium", "academic_year", "half_term"], name="one_half_term_a_year"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="half_term_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        year = f"{self.academic_year}-{(self.academic_year + 1) % 100:02d}"
        return f"{self.get_half_term_display()} {year}: {self.starts_on} to {self.ends_on}"

    def as_half_term(self) -> HalfTerm:
        return HalfTerm(self.academic_year, self.half_term, self.starts_on, self.ends_on)


def term_calendars(consortium_ids: Iterable[int] | None = None) -> dict[int, TermCalendar]:
    """Every consortium's term calendar (a small table: read once per run)."""
    rows = TermDates.objects.all()
    if consortium_ids is not None:
        rows = rows.filter(consortium_id__in=list(consortium_ids))
    halves: dict[int, list] = {}
    for row in rows:
        halves.setdefault(row.consortium_id, []).append(row.as_half_term())
    return {cid: TermCalendar.of(h) for cid, h in halves.items()}


def calendar_of_consortium(consortium_id: int) -> TermCalendar:
    return term_calendars([consortium_id]).get(consortium_id, TermCalendar(()))
