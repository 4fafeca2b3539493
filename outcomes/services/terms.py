"""Writes for the consortium's term calendar: the default three terms of a school year."""

from __future__ import annotations

from django.db import transaction

from boroughs.models import Consortium

from ..defaults import default_terms
from ..models import Term


@transaction.atomic
def terms_ensure(*, consortium: Consortium, academic_year: int) -> list[Term]:
    """The autumn, spring and summer terms of `academic_year`, created where missing.

    Idempotent: a term the consortium already has (perhaps with dates it changed) is kept as
    it is. No side effects.
    """
    terms = []
    for name, starts_on, ends_on, due_on in default_terms(academic_year):
        term, _ = Term.objects.get_or_create(
            consortium=consortium,
            academic_year=academic_year,
            name=name,
            defaults={"starts_on": starts_on, "ends_on": ends_on, "returns_due_on": due_on},
        )
        terms.append(term)
    return terms
