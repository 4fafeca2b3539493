"""Forms for termly returns: a provider's return (and its correction), a commissioner's query
and acceptance.

They check what a user typed, each message at its field; outcomes.services decides what may be
saved (the term, the placement's dates, the state of the return).
"""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fieldset, Fixed, Layout, Size, Submit
from django import forms
from django.utils.html import conditional_escape, format_html

from kernel.forms import GovukFormMixin

from ..choices import GAS_DESCRIPTORS, PfaPathway, Scale
from ..models import OutcomeTarget
from ..selectors.returns import PreviousScore
from ..services.returns import MSG_CORRECTION_REASON, MSG_QUERY_REASON
from ..services.returns_scoring import (
    MSG_ATTENDANCE_RANGE,
    MSG_ATTENDANCE_REQUIRED,
    MSG_EVIDENCE_REQUIRED,
    MSG_EXCLUSION_DAYS,
    MSG_INCIDENTS,
    MSG_PATHWAY_REQUIRED,
    MSG_SCORE_RANGE,
)

MSG_SCORE_REQUIRED = "Select a score for this outcome"

# GOV.UK asks for text inputs with a numeric keyboard, not type="number" (which browsers
# change on scroll and crispy-forms-gds leaves without the govuk-input class).
DECIMAL_INPUT = forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"})


def scale_choices(target: OutcomeTarget) -> list[tuple[str, str]]:
    """Each point of the target's scale with what it means."""
    indicator = target.indicator
    low, high = indicator.score_range
    descriptors = (
        GAS_DESCRIPTORS
        if indicator.scale == Scale.GOAL_ATTAINMENT
        else {int(k): v for k, v in (indicator.descriptors or {}).items()}
    )
    return [
        (str(value), f"{value}: {descriptors[value]}" if value in descriptors else str(value))
        for value in range(low, high + 1)
    ]


def previous_score_text(target: OutcomeTarget, previous: PreviousScore | None) -> str:
    """What this term's progress is measured from: the last term's score, or the baseline."""
    if previous is None:
        return f"No previous return: progress is counted from the baseline, {target.baseline}."
    return f"Previous term: {previous.score} ({previous.term})."


class ReturnForm(GovukFormMixin, forms.Form):
    """A row per target (a score on its scale and the evidence), then the term's figures."""

    submit_label = "Submit the return"

    attendance_pct = forms.DecimalField(
        label="Attendance this term (%)",
        help_text="For example, 94.5",
        widget=DECIMAL_INPUT,
        min_value=0,
        max_value=100,
        max_digits=4,
        decimal_places=1,
        error_messages={
            "required": MSG_ATTENDANCE_REQUIRED,
            "invalid": MSG_ATTENDANCE_REQUIRED,
            "min_value": MSG_ATTENDANCE_RANGE,
            "max_value": MSG_ATTENDANCE_RANGE,
            "max_digits": MSG_ATTENDANCE_RANGE,
            "max_decimal_places": "Enter the attendance to one decimal place at most",
        },
    )
    fixed_term_exclusion_days = forms.DecimalField(
        label="Days of suspension this term",
        widget=DECIMAL_INPUT,
        help_text=(
            "Suspension is what used to be called fixed-term exclusion. "
            "Enter 0 if there were none. Half days are 0.5"
        ),
        min_value=0,
        max_value=999.9,
        max_digits=4,
        decimal_places=1,
        error_messages={
            "required": "Enter the days of suspension, or 0",
            "invalid": "Enter the days of suspension as a number, like 1.5",
            "min_value": MSG_EXCLUSION_DAYS,
            "max_value": MSG_EXCLUSION_DAYS,
            "max_digits": MSG_EXCLUSION_DAYS,
            "max_decimal_places": "Enter the days to one decimal place at most",
        },
    )
    permanently_excluded = forms.BooleanField(
        label="The child was permanently excluded this term", required=False
    )
    serious_incidents = forms.IntegerField(
        label="Serious incidents this term",
        help_text="Enter 0 if there were none",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        min_value=0,
        max_value=32767,
        error_messages={
            "required": "Enter the number of serious incidents, or 0",
            "invalid": "Enter the number of serious incidents as a whole number",
            "min_value": MSG_INCIDENTS,
            "max_value": MSG_INCIDENTS,
        },
    )
    summary = forms.CharField(
        label="Summary of the term (optional)",
        required=False,
        widget=forms.Textarea,
        help_text="What went well and what the placement will work on next term.",
    )

    def __init__(
        self,
        *args,
        targets: list[OutcomeTarget],
        pathway: bool,
        previous: dict[int, PreviousScore] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.targets = targets
        self.previous = previous or {}
        rows = [self._add_target(index, target) for index, target in enumerate(targets)]
        figures = [
            Field.text("attendance_pct", field_width=Fixed.FIVE),
            Field.text("fixed_term_exclusion_days", field_width=Fixed.FIVE),
            Field.checkbox("permanently_excluded"),
            Field.text("serious_incidents", field_width=Fixed.FIVE),
        ]
        if pathway:
            self.fields["pfa_pathway"] = forms.ChoiceField(
                label="Preparing for Adulthood pathway",
                help_text="Where the young person is heading after school.",
                choices=[(v, label) for v, label in PfaPathway.choices if v],
                widget=forms.RadioSelect,
                error_messages={
                    "required": MSG_PATHWAY_REQUIRED,
                    "invalid_choice": MSG_PATHWAY_REQUIRED,
                },
            )
            figures.append(Field.radios("pfa_pathway", legend_size=Size.SMALL, small=True))
        self.helper.layout = Layout(
            *rows,
            Fieldset(*figures, legend="This term", legend_size=Size.MEDIUM),
            *self._extra_layout(),
            Field.textarea("summary", rows=4),
            Submit("submit", self.submit_label),
        )

    def _extra_layout(self) -> list:
        return []

    def _add_target(self, index: int, target: OutcomeTarget) -> Fieldset:
        low, high = target.indicator.score_range
        self.fields[f"score_{index}"] = forms.TypedChoiceField(
            label="Score this term",
            # crispy-forms-gds marks help text safe: every value is escaped here.
            help_text=format_html(
                "{}. Baseline {}, target {}.<br><strong>{}</strong>",
                target.indicator.name,
                target.baseline,
                target.target,
                previous_score_text(target, self.previous.get(target.pk)),
            ),
            choices=scale_choices(target),
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={
                "required": MSG_SCORE_REQUIRED,
                "invalid_choice": MSG_SCORE_RANGE.format(low=low, high=high),
            },
        )
        self.fields[f"evidence_{index}"] = forms.CharField(
            label="Evidence for this score",
            widget=forms.Textarea,
            help_text="What the child did, and how you know: observations, work, reports.",
            error_messages={"required": MSG_EVIDENCE_REQUIRED},
        )
        legend = conditional_escape(f"{target.indicator.domain.name}: {target.outcome}")
        return Fieldset(
            Field.radios(f"score_{index}", legend_size=Size.SMALL, small=True),
            Field.textarea(f"evidence_{index}", rows=3),
            legend=legend,
            legend_size=Size.MEDIUM,
        )

    def service_fields(self) -> dict:
        """The cleaned data as the return services take it."""
        data = self.cleaned_data
        scores = [
            {
                "target": target,
                "score": data[f"score_{index}"],
                "evidence": data[f"evidence_{index}"],
            }
            for index, target in enumerate(self.targets)
        ]
        names = (
            "attendance_pct",
            "fixed_term_exclusion_days",
            "permanently_excluded",
            "serious_incidents",
            "summary",
        )
        return {
            "scores": scores,
            "pfa_pathway": data.get("pfa_pathway", ""),
            **{name: data[name] for name in names},
        }


class ReturnCorrectForm(ReturnForm):
    """The return again, with what was corrected (the history shows it to the borough)."""

    submit_label = "Submit the corrected return"

    reason = forms.CharField(
        label="What have you corrected?",
        widget=forms.Textarea,
        error_messages={"required": MSG_CORRECTION_REASON},
    )

    def _extra_layout(self) -> list:
        return [Field.textarea("reason", rows=3)]

    def service_fields(self) -> dict:
        return {**super().service_fields(), "reason": self.cleaned_data["reason"]}


class ReturnQueryForm(GovukFormMixin, forms.Form):
    submit_label = "Query the return"

    reason = forms.CharField(
        label="What does the provider need to correct?",
        widget=forms.Textarea,
        help_text="The provider's users are emailed this.",
        error_messages={"required": MSG_QUERY_REASON},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.textarea("reason", rows=4),
            Submit("submit", self.submit_label, css_class="govuk-button--secondary"),
        )


class ReturnAcceptForm(GovukFormMixin, forms.Form):
    submit_label = "Accept the return"

    note = forms.CharField(
        label="Note for the provider (optional)", widget=forms.Textarea, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.textarea("note", rows=3), Submit("submit", self.submit_label)
        )
