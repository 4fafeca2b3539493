"""Filters for the benchmarking pages (GET forms): grouping, need, lot, school year and borough.

Every council user sees consortium-wide benchmarks; the borough filter narrows them to the
placements one borough made, and offers only the boroughs the user's role covers (their own,
or every member borough for consortium-wide roles).
"""

from __future__ import annotations

from datetime import date

from crispy_forms_gds.layout import Div, Field, Layout, Submit
from django import forms

from boroughs.models import Borough
from kernel.forms import GovukFormMixin
from providers.choices import NeedCode
from providers.models import Lot

from ..models import Term
from ..selectors.benchmarks import BY_CHOICES

NEED_CHOICES = [(value, f"{label} ({value})") for value, label in NeedCode.choices]
MSG_CHOOSE_NEED = "Select a primary need"


def school_year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def school_year_period(year: int | None) -> tuple[date, date] | None:
    """The terms of a school year start between 1 September and 31 August."""
    return (date(year, 9, 1), date(year + 1, 8, 31)) if year else None


def _row(*fields: str) -> Div:
    return Div(
        *(Div(Field.select(name), css_class="govuk-grid-column-one-quarter") for name in fields),
        css_class="govuk-grid-row",
    )


class ScopeForm(GovukFormMixin, forms.Form):
    """Which boroughs' placements to count: the whole consortium unless one is chosen."""

    borough = forms.ModelChoiceField(
        queryset=Borough.objects.none(),
        required=False,
        label="Placed by",
        empty_label="Every member borough",
        to_field_name="ons_code",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["borough"].queryset = Borough.objects.for_user(user).order_by("name")
        self.helper.form_method = "get"
        self.helper.layout = Layout(_row("borough"), Submit("filter", "Apply filters"))

    def valid_data(self) -> dict:
        """The fields that are valid: a bad value in one filter leaves the others applied."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data

    def borough_ids(self) -> list[int] | None:
        borough = self.valid_data().get("borough")
        return [borough.pk] if borough else None


class BenchmarkFilterForm(ScopeForm):
    """The benchmarks table's filters."""

    by = forms.ChoiceField(label="Group by", choices=BY_CHOICES, required=False)
    need = forms.ChoiceField(
        label="Primary need", required=False, choices=[("", "Every need"), *NEED_CHOICES]
    )
    lot = forms.ModelChoiceField(
        queryset=Lot.objects.none(), required=False, label="Lot", empty_label="Every lot"
    )
    year = forms.TypedChoiceField(
        label="School year", required=False, coerce=int, empty_value=None, choices=[]
    )

    field_order = ("by", "need", "lot", "year", "borough")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        consortium_id = user.consortium_id
        self.fields["lot"].queryset = Lot.objects.for_user(user).filter(
            dps__consortium_id=consortium_id
        )
        years = (
            Term.objects.for_user(user)
            .filter(consortium_id=consortium_id)
            .order_by("-academic_year")
            .values_list("academic_year", flat=True)
            .distinct()
        )
        self.fields["year"].choices = [
            ("", "Every school year"),
            *((str(y), school_year_label(y)) for y in years),
        ]
        self.helper.layout = Layout(
            _row("by", "need", "lot"), _row("year", "borough"), Submit("filter", "Apply filters")
        )

    def filters(self) -> dict:
        """The benchmark_table arguments the valid fields give (an invalid one is ignored)."""
        data = self.valid_data()
        lot = data.get("lot")
        return {
            "by": data.get("by") or "setting",
            "need": data.get("need") or None,
            "lot_id": lot.pk if lot else None,
            "period": school_year_period(data.get("year")),
            "borough_ids": self.borough_ids(),
        }


class NeedForm(GovukFormMixin, forms.Form):
    """The need to find strong providers for."""

    need = forms.ChoiceField(
        label="Primary need",
        choices=[("", "Select a need"), *NEED_CHOICES],
        error_messages={"required": MSG_CHOOSE_NEED, "invalid_choice": MSG_CHOOSE_NEED},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"
        self.helper.layout = Layout(Field.select("need"), Submit("find", "Find providers"))
