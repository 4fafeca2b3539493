"""The form analysts ask for a report with. It checks what was typed; the service decides what
the analyst may ask for (another borough, a consortium report from a borough analyst)."""

from __future__ import annotations

from crispy_forms_gds.layout import ConditionalQuestion, ConditionalRadios, Field, Layout, Submit
from django import forms

from kernel.forms import GovukDateField, GovukFormMixin, PlainChoice

from .choices import ReportKind, ReportScope


def _choice_errors(message: str) -> dict:
    return {"required": message, "invalid_choice": message}


class RunRequestForm(GovukFormMixin, forms.Form):
    """Which report, what it covers (lead-borough analysts only choose) and for which period."""

    submit_label = "Request report"

    kind = forms.ChoiceField(
        label="Which report do you want?",
        choices=ReportKind.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_errors("Select which report you want"),
    )
    scope = forms.ChoiceField(
        label="What should the report cover?",
        choices=ReportScope.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_errors("Select what the report covers"),
    )
    strand = forms.ModelChoiceField(
        queryset=None,
        label="Strand",
        to_field_name="slug",
        required=False,
        empty_label="Select a strand",
        error_messages={"invalid_choice": "Select a strand"},
    )
    borough = forms.ModelChoiceField(
        queryset=None,
        label="Borough",
        to_field_name="ons_code",
        required=False,
        empty_label="Select a borough",
        error_messages={"invalid_choice": "Select a borough"},
    )
    period_start = GovukDateField(
        what="the first day of the period",
        label="First day of the period",
        help_text="For example, 1 4 2026.",
    )
    period_end = GovukDateField(
        what="the last day of the period",
        label="Last day of the period",
        help_text="For example, 31 3 2027.",
    )

    def __init__(self, *args, strands, boroughs, fixed_borough=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_borough = fixed_borough
        self.fields["strand"].queryset = strands
        self.fields["borough"].queryset = boroughs
        dates = (
            Field("period_start", context={"legend_size": "govuk-fieldset__legend--s"}),
            Field("period_end", context={"legend_size": "govuk-fieldset__legend--s"}),
        )
        if fixed_borough is not None:
            # A borough analyst's reports cover their own borough: nothing to choose.
            for name in ("scope", "strand", "borough"):
                del self.fields[name]
            self.helper.layout = Layout(
                Field.radios("kind"), *dates, Submit("submit", self.submit_label)
            )
            return
        # Conditional radios are numbered from 0: the error summary must link to the first.
        self.fields["scope"].error_anchor = "_0"
        self.helper.layout = Layout(
            Field.radios("kind"),
            ConditionalRadios(
                "scope",
                PlainChoice(ReportScope.CONSORTIUM.label),
                ConditionalQuestion(ReportScope.STRAND.label, Field.select("strand")),
                ConditionalQuestion(ReportScope.BOROUGH.label, Field.select("borough")),
            ),
            *dates,
            Submit("submit", self.submit_label),
        )

    def run_fields(self) -> dict:
        """The keyword arguments of services.report_run_request."""
        data = self.cleaned_data
        if self.fixed_borough is not None:
            scope = {"scope": ReportScope.BOROUGH, "borough": self.fixed_borough}
        else:
            scope = {"scope": data["scope"], "strand": data["strand"], "borough": data["borough"]}
        return {
            "kind": data["kind"],
            **scope,
            "period_start": data["period_start"],
            "period_end": data["period_end"],
        }
