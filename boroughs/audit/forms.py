"""The change history's filters: the kind of record and the dates the changes were made."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms

from kernel.forms import GovukDateField, GovukFormMixin

from .registry import audited_kind, audited_kinds
from .selectors import ChangeFilters

MSG_FROM_AFTER_TO = "The first date must be on or before the last date"


class ChangeFilterForm(GovukFormMixin, forms.Form):
    submit_label = "Apply filters"

    kind = forms.ChoiceField(label="Kind of record", required=False)
    changed_from = GovukDateField(
        what="the first date",
        required=False,
        label="Changed on or after",
        help_text="For example, 1 4 2026.",
    )
    changed_to = GovukDateField(
        what="the last date",
        required=False,
        label="Changed on or before",
        help_text="For example, 30 4 2026.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            ("", "All records"),
            *((kind.key, kind.label) for kind in audited_kinds()),
        ]
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.select("kind"),
            # A date input is its own fieldset, its label the legend.
            Field("changed_from", context={"legend_size": "govuk-fieldset__legend--s"}),
            Field("changed_to", context={"legend_size": "govuk-fieldset__legend--s"}),
            Submit("submit", self.submit_label, css_class="govuk-button--secondary"),
        )

    def clean(self):
        data = super().clean()
        since, until = data.get("changed_from"), data.get("changed_to")
        if since and until and since > until:
            self.add_error("changed_to", MSG_FROM_AFTER_TO)
        return data

    def filters(self) -> ChangeFilters:
        """The filters typed, once the form is valid; none for a form not filled in."""
        if not self.is_bound or not self.is_valid():
            return ChangeFilters()
        data = self.cleaned_data
        return ChangeFilters(
            kind=audited_kind(data.get("kind") or ""),
            since=data.get("changed_from"),
            until=data.get("changed_to"),
        )
