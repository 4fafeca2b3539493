"""Forms consortium admins use to run their DPSs: terms, conditions and lots."""

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms

from kernel.forms import GovukFormMixin

from ..choices import LotKind


class DpsForm(GovukFormMixin, forms.Form):
    submit_label = "Save changes"

    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter a name"}
    )
    starts_on = DateInputField(label="Start of the term", help_text="For example, 1 6 2016.")
    ends_on = DateInputField(label="End of the term", help_text="For example, 23 2 2029.")
    conditions_of_membership = forms.CharField(
        label="Conditions of membership",
        required=False,
        widget=forms.Textarea,
        help_text="Under the Procurement Act 2023 these are fixed for the term once it starts.",
    )

    def __init__(self, *args, locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if locked:
            self.fields["conditions_of_membership"].disabled = True
        self.fields["starts_on"].error_messages["required"] = "Enter the start of the term"
        self.fields["ends_on"].error_messages["required"] = "Enter the end of the term"
        self.helper.layout = Layout(
            Field.text("name"),
            Fieldset(Field("starts_on"), legend="Start of the term", legend_size=Size.SMALL),
            Fieldset(Field("ends_on"), legend="End of the term", legend_size=Size.SMALL),
            Field.textarea("conditions_of_membership", rows=6),
            Submit("submit", self.submit_label),
        )


class LotForm(GovukFormMixin, forms.Form):
    submit_label = "Add lot"

    number = forms.IntegerField(
        label="Lot number",
        min_value=1,
        max_value=99,
        error_messages={
            "required": "Enter the lot number",
            "invalid": "Enter the lot number as a whole number",
        },
    )
    kind = forms.ChoiceField(
        label="Category",
        choices=[("", "Select a category"), *LotKind.choices],
        error_messages={"required": "Select a category"},
    )
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter a name"}
    )
    description = forms.CharField(
        label="Description (optional)", required=False, widget=forms.Textarea
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="lot", **kwargs)
        self.helper.layout = Layout(
            Field.text("number", field_width=2),
            Field.select("kind"),
            Field.text("name"),
            Field.textarea("description", rows=3),
            Submit("submit", self.submit_label),
        )
