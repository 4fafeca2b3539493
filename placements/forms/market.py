"""The market view's filters: a financial year, a strand, a lot and (for consortium-wide roles) a
borough. A filter that is not valid is left out, as on the other figures pages."""

from __future__ import annotations

from django import forms

from boroughs.models import Borough, Strand
from providers.models import Lot

from ..money import financial_year_label

YEARS_SHOWN = 5


def current_start_year(today) -> int:
    return today.year if today.month >= 4 else today.year - 1


def lot_label(lot: Lot) -> str:
    """Lot numbers start again in each strand: the strand says which lot 1 is meant."""
    return f"{lot.dps.strand.name}, lot {lot.number}: {lot.name}"


class LotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, lot: Lot) -> str:
        return lot_label(lot)


class MarketForm(forms.Form):
    year = forms.TypedChoiceField(label="Financial year", coerce=int)
    strand = forms.ModelChoiceField(
        queryset=Strand.objects.none(),
        required=False,
        empty_label="All strands",
        to_field_name="slug",
    )
    lot = LotChoiceField(
        queryset=Lot.objects.none(), required=False, empty_label="All lots", to_field_name="kind"
    )
    borough = forms.ModelChoiceField(
        queryset=Borough.objects.none(),
        required=False,
        empty_label="All boroughs",
        to_field_name="ons_code",
    )

    def __init__(self, data, *, actor, today):
        super().__init__(data)
        first = current_start_year(today)
        self.default_year = first
        years = range(first, first - YEARS_SHOWN, -1)
        self.fields["year"].choices = [(y, financial_year_label(y)) for y in years]
        self.fields["strand"].queryset = Strand.objects.for_user(actor).order_by("name")
        self.fields["lot"].queryset = (
            Lot.objects.for_user(actor)
            .filter(dps__consortium_id=actor.consortium_id)
            .select_related("dps__strand")
            .order_by("dps__strand__kind", "number")
        )
        self.fields["borough"].queryset = Borough.objects.for_user(actor).order_by("name")
        if not actor.sees_whole_consortium:
            del self.fields["borough"]
        for bound in self.fields.values():
            bound.widget.attrs["class"] = "govuk-select"

    def chosen(self) -> dict:
        """The valid filters, each field alone: a bad lot leaves the year and strand standing."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "year": cleaned.get("year") or self.default_year,
            "strand": cleaned.get("strand"),
            "lot": cleaned.get("lot"),
            "borough": cleaned.get("borough") if "borough" in self.fields else None,
        }
