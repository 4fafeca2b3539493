"""Forms for agreements: a signature (typed full name and role), a fee change variation, and a
new version of a strand's template. The services decide what may be saved."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms

from kernel.forms import GovukDateField, GovukFormMixin, PoundsField

from ..agreement_content import PART_LABELS
from ..models import FEE_PARTS
from .offers import pounds


class SignatureForm(GovukFormMixin, forms.Form):
    submit_label = "Continue"

    name = forms.CharField(
        label="Your full name",
        max_length=150,
        error_messages={"required": "Enter your full name"},
    )
    role = forms.CharField(
        label="Your role or job title",
        max_length=150,
        help_text="For example, headteacher, registered manager or commissioning manager.",
        error_messages={"required": "Enter your role or job title"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("name"), Field.text("role"), Submit("submit", self.submit_label)
        )


class FeeVariationForm(GovukFormMixin, forms.Form):
    """The new fee schedule, part by part, from a date, and why."""

    submit_label = "Propose the variation"

    effective_on = GovukDateField(
        what="the date the new fee starts",
        label="Date the new fee starts",
        help_text="For example, 1 4 2027.",
    )
    reason = forms.CharField(
        label="Reason for the change",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter a reason"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for part in FEE_PARTS:
            self.fields[part] = PoundsField(
                label=f"{PART_LABELS[part]} (weekly)", required=False, max_digits=9
            )
        self.helper.layout = Layout(
            *(pounds(part) for part in FEE_PARTS),
            Field("effective_on"),
            Field.textarea("reason"),
            Submit("submit", self.submit_label),
        )

    def lines(self) -> dict:
        return {part: self.cleaned_data.get(part) for part in FEE_PARTS}


class TemplateVersionForm(GovukFormMixin, forms.Form):
    submit_label = "Save as a new version"

    title = forms.CharField(label="Title", max_length=200)
    sections = forms.CharField(
        label="Sections",
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text="One section a paragraph: its heading on the first line, its terms below. "
        "Leave a blank line between sections.",
    )
    notice = forms.CharField(label="Notice terms", widget=forms.Textarea(attrs={"rows": 3}))
    termination = forms.CharField(
        label="Termination terms", widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("title"),
            Field.textarea("sections"),
            Field.textarea("notice"),
            Field.textarea("termination"),
            Submit("submit", self.submit_label),
        )

    @staticmethod
    def sections_text(sections: list[dict]) -> str:
        return "\n\n".join(f"{s['heading']}\n{s['body']}" for s in sections)

    def parsed_sections(self) -> list[dict]:
        blocks = [b.strip() for b in self.cleaned_data["sections"].replace("\r", "").split("\n\n")]
        parsed = []
        for block in filter(None, blocks):
            heading, _, body = block.partition("\n")
            parsed.append({"heading": heading.strip(), "body": " ".join(body.split())})
        return parsed
