"""The term calendar: the default terms of a school year, the current term, the terms open for
returns."""

from __future__ import annotations

from datetime import date

import pytest

from outcomes.models import Term
from outcomes.selectors.returns import term_current, terms_due, terms_overdue
from outcomes.services.terms import terms_ensure

pytestmark = pytest.mark.django_db


def test_a_school_year_gets_its_three_terms_once(consortium):
    first = terms_ensure(consortium=consortium, academic_year=2027)
    Term.objects.filter(pk=first[0].pk).update(starts_on=date(2027, 9, 3))
    again = terms_ensure(consortium=consortium, academic_year=2027)

    assert [(t.name, t.starts_on, t.ends_on, t.returns_due_on) for t in first] == [
        ("autumn", date(2027, 9, 1), date(2027, 12, 31), date(2028, 1, 14)),
        ("spring", date(2028, 1, 1), date(2028, 3, 31), date(2028, 4, 14)),
        ("summer", date(2028, 4, 1), date(2028, 7, 31), date(2028, 8, 14)),
    ]
    assert [t.pk for t in again] == [t.pk for t in first]
    assert again[0].starts_on == date(2027, 9, 3)  # a date the consortium changed is kept
    assert Term.objects.filter(consortium=consortium).count() == 3


def test_the_current_term_is_the_one_a_day_falls_in_and_none_in_august(consortium, terms):
    assert term_current(consortium.pk, on=date(2026, 11, 22)) == terms[6]
    assert term_current(consortium.pk, on=date(2026, 1, 1)) == terms[4]
    assert term_current(consortium.pk, on=date(2026, 8, 10)) is None


def test_terms_are_open_for_returns_from_their_start_until_their_due_date(consortium, terms):
    assert list(terms_due(consortium.pk, on=date(2026, 11, 22))) == [terms[6]]
    assert list(terms_due(consortium.pk, on=date(2027, 1, 14))) == [terms[6], terms[7]]
    assert list(terms_due(consortium.pk, on=date(2027, 1, 15))) == [terms[7]]
    assert list(terms_due(consortium.pk, on=date(2026, 8, 14))) == [terms[5]]
    assert list(terms_due(consortium.pk, on=date(2026, 8, 20))) == []


def test_overdue_terms_are_those_due_in_the_year_before(terms):
    assert list(terms_overdue(on=date(2026, 11, 22))) == [terms[3], terms[4], terms[5]]
    assert list(terms_overdue(on=date(2025, 1, 15))) == [terms[0]]
    assert list(terms_overdue(on=date(2025, 1, 14))) == []
