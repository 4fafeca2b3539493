"""Forms for invoices: a provider's invoice or correction, a CSV of many, the borough's
decision, payment and export. They check what was typed; placements.services decides."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fieldset, Layout, Submit
from django import forms

from boroughs.fields import CsvUploadField
from kernel.forms import GovukDateField, GovukFormMixin, PoundsField

from ..services.invoices import Line
from .offers import pounds

PART_LABELS = (
    ("education", "Education"),
    ("care", "Care"),
    ("therapies", "Therapies"),
    ("one_to_one", "One-to-one support"),
    ("transport", "Transport"),
    ("other", "Other"),
    ("fee", "Fee as one amount (when the fee has no breakdown)"),
)
MSG_NO_LINES = "Enter the amount of at least one part of the fee"
MSG_CSV = "Select a CSV file"


class LinesMixin:
    """One optional amount per part of the fee; the parts left empty are not lines."""

    def add_line_fields(self) -> None:
        for part, label in PART_LABELS:
            self.fields[f"line_{part}"] = PoundsField(label=label, required=False, max_digits=9)

    def line_fields(self) -> list:
        return [pounds(f"line_{part}") for part, _ in PART_LABELS]

    def lines(self) -> list[Line]:
        data = self.cleaned_data
        return [
            Line(part, data[f"line_{part}"])
            for part, _ in PART_LABELS
            if data.get(f"line_{part}") is not None
        ]

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.lines():
            raise forms.ValidationError(MSG_NO_LINES)
        return cleaned


class InvoiceForm(LinesMixin, GovukFormMixin, forms.Form):
    submit_label = "Submit invoice"

    placement = forms.ChoiceField(
        label="Placement", error_messages={"required": "Choose the placement"}
    )
    number = forms.CharField(
        label="Your invoice number",
        max_length=60,
        error_messages={"required": "Enter your invoice number"},
    )
    period_start = GovukDateField(what="the first day of the period", label="Period from")
    period_end = GovukDateField(what="the last day of the period", label="Period to")

    def __init__(self, *args, placements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.placements = {str(p.public_id): p for p in placements}
        self.fields["placement"].choices = [("", "Choose a placement")] + [
            (key, f"{p.reference} at {p.setting.name}") for key, p in self.placements.items()
        ]
        self.add_line_fields()
        self.helper.layout = Layout(
            Field.select("placement"),
            Field.text("number", field_width=20),
            Field("period_start"),
            Field("period_end"),
            Fieldset(*self.line_fields(), legend="Amounts by part of the fee"),
            Submit("submit", self.submit_label),
        )

    def placement_chosen(self):
        return self.placements[self.cleaned_data["placement"]]


class CorrectionForm(LinesMixin, GovukFormMixin, forms.Form):
    submit_label = "Send the corrected invoice"

    reason = forms.CharField(
        label="What you corrected",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_line_fields()
        self.helper.layout = Layout(
            Fieldset(*self.line_fields(), legend="Corrected amounts by part of the fee"),
            Field.textarea("reason"),
            Submit("submit", self.submit_label),
        )


class CsvUploadForm(GovukFormMixin, forms.Form):
    submit_label = "Upload"

    file = CsvUploadField(
        label="CSV file",
        error_messages={"required": MSG_CSV, "empty": "The selected file is empty"},
    )

    def __init__(self, *args, columns: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = "Columns: " + ", ".join(columns)
        self.helper.layout = Layout(Field("file"), Submit("submit", self.submit_label))


DECISIONS = (
    ("approve", "Approve for payment"),
    ("query", "Query it with the provider"),
    ("dispute", "Dispute it"),
)


class DecisionForm(GovukFormMixin, forms.Form):
    submit_label = "Record decision"

    decision = forms.ChoiceField(
        label="Decision",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a decision"},
    )
    reason = forms.CharField(
        label="Message to the provider (needed to query or dispute)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, decisions=DECISIONS, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = decisions
        self.helper.layout = Layout(
            Field.radios("decision"), Field.textarea("reason"), Submit("submit", self.submit_label)
        )


class PaymentForm(GovukFormMixin, forms.Form):
    submit_label = "Mark as paid"

    paid_on = GovukDateField(what="the date it was paid", label="Date paid")
    reference = forms.CharField(
        label="Payment reference",
        max_length=60,
        error_messages={"required": "Enter the payment reference"},
    )
    late_interest = PoundsField(
        label="Late payment interest paid (optional)",
        required=False,
        max_digits=9,
        help_text="Interest paid because the invoice was paid late, if any.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field("paid_on"),
            Field.text("reference", field_width=20),
            pounds("late_interest"),
            Submit("submit", self.submit_label),
        )


class ExportForm(GovukFormMixin, forms.Form):
    submit_label = "Download CSV"

    period_from = GovukDateField(what="the first day of the period", label="Periods from")
    period_to = GovukDateField(what="the last day of the period", label="Periods to")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field("period_from"), Field("period_to"), Submit("submit", self.submit_label)
        )


class ToleranceForm(GovukFormMixin, forms.Form):
    submit_label = "Save tolerance"

    tolerance_pounds = PoundsField(
        label="Tolerance in pounds",
        required=False,
        max_digits=9,
        help_text="An invoice may differ from its expected charge by up to this much.",
    )
    tolerance_percent = forms.DecimalField(
        label="Tolerance as a percentage of the expected charge",
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        help_text="Leave both empty to accept only exact matches; with both, both limits apply.",
        error_messages={"invalid": "Enter the percentage as a number, like 0.5"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            pounds("tolerance_pounds"),
            Field.text("tolerance_percent", field_width=5),
            Submit("submit", self.submit_label),
        )


class CostCentreForm(GovukFormMixin, forms.Form):
    """The borough's default code, and one per lot where it differs."""

    submit_label = "Save cost centres"

    default = forms.CharField(
        label="Cost centre for every lot", required=False, max_length=40,
        help_text="Used for a lot with no code of its own.",
    )  # fmt: skip

    def __init__(self, *args, lots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lots = {f"lot_{lot.pk}": lot for lot in lots}
        for name, lot in self.lots.items():
            label = f"Cost centre for {lot.name} ({lot.dps.strand.name})"
            self.fields[name] = forms.CharField(label=label, required=False, max_length=40)
        self.helper.layout = Layout(
            Field.text("default", field_width=10),
            *(Field.text(name, field_width=10) for name in self.lots),
            Submit("submit", self.submit_label),
        )
