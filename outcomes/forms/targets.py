"""The form a commissioner sets a placement's outcome target with.

It checks what was typed; outcomes.services.targets decides what may be saved (scores within
the indicator's scale, the target above the baseline, the date after the placement starts),
and its messages appear at the field they name.
"""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fluid, Layout, Submit
from django import forms

from kernel.forms import GovukDateField, GovukFormMixin

from ..choices import Scale
from ..models import Indicator

SCORE_HELP = "Goal Attainment Scaling indicators score from -2 to 2; ratings from 1 to 5."
SCALE_SHORT = {Scale.GOAL_ATTAINMENT: "GAS -2 to 2", Scale.RATING: "rating 1 to 5"}


def indicator_label(indicator: Indicator, *, version_number: int | None = None) -> str:
    label = f"{indicator.name} ({SCALE_SHORT[Scale(indicator.scale)]})"
    return f"{label}, version {version_number}" if version_number else label


def _score_field(what: str, label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=SCORE_HELP,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": f"Enter the {what}",
            "invalid": f"The {what} must be a whole number, like 2",
        },
    )


class TargetForm(GovukFormMixin, forms.Form):
    """An outcome from the EHC plan, the indicator that scores it, baseline, target and date.

    `indicators` are the agreed framework's; `keep`, when editing, is the target's own indicator,
    offered too when it belongs to an older version.
    """

    submit_label = "Save target"

    outcome = forms.CharField(
        label="Outcome from the EHC plan",
        widget=forms.Textarea,
        help_text="As the plan words it, for example: travels to school on the bus with a buddy.",
        error_messages={"required": "Enter the outcome from the EHC plan"},
    )
    indicator = forms.TypedChoiceField(
        label="Indicator",
        coerce=int,
        help_text="The framework indicator the provider scores this outcome on each term.",
        error_messages={
            "required": "Select an indicator",
            "invalid_choice": "Select an indicator from the list",
        },
    )
    baseline = _score_field("baseline", "Baseline score")
    target = _score_field("target score", "Target score")
    target_date = GovukDateField(
        what="the target date", label="Target date", help_text="For example, 31 7 2027."
    )

    def __init__(self, *args, indicators, keep: Indicator | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = {indicator.pk: indicator for indicator in indicators}
        groups: dict[str, list] = {}
        for indicator in self.indicators.values():
            groups.setdefault(indicator.domain.name, []).append(
                (indicator.pk, indicator_label(indicator))
            )
        choices = [("", "Select an indicator"), *groups.items()]
        if keep is not None and keep.pk not in self.indicators:
            self.indicators[keep.pk] = keep
            number = keep.domain.version.number
            choices.insert(1, (keep.pk, indicator_label(keep, version_number=number)))
        self.fields["indicator"].choices = choices
        self.helper.layout = Layout(
            Field.textarea("outcome", rows=3),
            Field.select("indicator"),
            Field.text("baseline", field_width=Fluid.ONE_QUARTER),
            Field.text("target", field_width=Fluid.ONE_QUARTER),
            Field("target_date"),
            Submit("submit", self.submit_label),
        )

    def service_fields(self) -> dict:
        """The cleaned data as the service takes it (the indicator as its row)."""
        data = self.cleaned_data
        return {
            "indicator": self.indicators[data["indicator"]],
            "outcome": data["outcome"],
            "baseline": data["baseline"],
            "target_date": data["target_date"],
        }
