"""The form to load a publication of national price bands (placements.price_bands)."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms

from boroughs.fields import CsvUploadField
from kernel.forms import GovukDateField, GovukFormMixin

from ..price_bands import COLUMNS

MAX_BYTES = 1_000_000


class PriceBandsForm(GovukFormMixin, forms.Form):
    submit_label = "Load the price bands"

    file = CsvUploadField(
        max_bytes=MAX_BYTES,
        label="Price bands (CSV)",
        help_text="One band a row, with the columns " + ", ".join(COLUMNS) + ".",
        error_messages={"required": "Select a CSV file of price bands"},
    )
    source = forms.CharField(
        label="Where were they published?",
        max_length=300,
        help_text="For example, the DfE's publication page.",
        error_messages={"required": "Enter where the bands were published"},
    )
    published_on = GovukDateField(
        what="the date they were published",
        label="Date published",
        help_text="For example, 1 9 2027.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field("file"),
            Field.text("source"),
            Field("published_on"),
            Submit("submit", self.submit_label),
        )

    def clean_file(self) -> str:
        try:
            return self.cleaned_data["file"].read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(CsvUploadField.MSG_NOT_CSV) from error
