"""Forms a consortium admin uses on a draft framework: its title, domains and indicators.

They check what was typed; outcomes.services.framework decides what may be saved (codes taken,
a version no longer a draft).
"""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fieldset, Fluid, Layout, Size, Submit
from django import forms

from kernel.forms import GovukFormMixin

from ..choices import DomainKind, Scale
from ..services.framework import RATING_POINTS

CODE_HELP = "Lower-case letters, numbers and hyphens, like independent-living. Reports use it."


class VersionForm(GovukFormMixin, forms.Form):
    submit_label = "Save changes"

    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title"}
    )
    summary = forms.CharField(
        label="Summary (optional)",
        required=False,
        widget=forms.Textarea,
        help_text="What changed from the version before, and why.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("title"),
            Field.textarea("summary", rows=4),
            Submit("submit", self.submit_label),
        )


def _code_field(what: str) -> forms.SlugField:
    return forms.SlugField(
        label="Code",
        max_length=40,
        help_text=CODE_HELP,
        error_messages={
            "required": f"Enter a code for the {what}",
            "invalid": "Enter a code of lower-case letters, numbers and hyphens",
        },
    )


class DomainForm(GovukFormMixin, forms.Form):
    submit_label = "Save domain"

    name = forms.CharField(
        label="Name", max_length=120, error_messages={"required": "Enter the domain's name"}
    )
    code = _code_field("domain")
    kind = forms.ChoiceField(
        label="What kind of domain is it?",
        choices=DomainKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of domain it is"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("name"),
            Field.text("code", field_width=Fluid.ONE_HALF),
            Field.radios("kind"),
            Submit("submit", self.submit_label),
        )


class IndicatorForm(GovukFormMixin, forms.Form):
    """An indicator and its scale; a 1-5 rating needs what each point means."""

    submit_label = "Save indicator"

    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the indicator's name"}
    )
    code = _code_field("indicator")
    description = forms.CharField(
        label="Description (optional)", required=False, widget=forms.Textarea
    )
    scale = forms.ChoiceField(
        label="How is it scored?",
        choices=Scale.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the indicator is scored"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for point in RATING_POINTS:
            self.fields[f"descriptor_{point}"] = forms.CharField(
                label=f"Rating {point}", max_length=200, required=False
            )
        descriptors = Fieldset(
            *(Field.text(f"descriptor_{point}") for point in RATING_POINTS),
            legend="What each rating means",
            legend_size=Size.SMALL,
        )
        self.helper.layout = Layout(
            Field.text("name"),
            Field.text("code", field_width=Fluid.ONE_HALF),
            Field.textarea("description", rows=3),
            Field.radios("scale"),
            descriptors,
            Submit("submit", self.submit_label),
        )

    def clean(self):
        data = super().clean()
        if data.get("scale") == Scale.RATING:
            for point in RATING_POINTS:
                if not (data.get(f"descriptor_{point}") or "").strip():
                    self.add_error(f"descriptor_{point}", f"Enter what a rating of {point} means")
        return data

    @property
    def descriptors(self) -> dict[str, str]:
        data = self.cleaned_data
        return {point: data.get(f"descriptor_{point}", "") for point in RATING_POINTS}

    @staticmethod
    def initial_for(indicator) -> dict:
        initial = {
            "name": indicator.name,
            "code": indicator.code,
            "description": indicator.description,
            "scale": indicator.scale,
        }
        for point in RATING_POINTS:
            initial[f"descriptor_{point}"] = indicator.descriptors.get(point, "")
        return initial
