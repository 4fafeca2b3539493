"""Forms for notices: what to draft a notice from, and the record of its publication."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms

from kernel.forms import CodeField, GovukDateField, GovukFormMixin
from placements.models import Placement
from providers.models import DynamicPurchasingSystem

from .choices import DYNAMIC_MARKET, NoticeType

MSG_TYPE = "Select the type of notice"
MSG_PLACEMENT = "Enter a placement reference of your consortium, like PL-000123"


class DraftForm(GovukFormMixin, forms.Form):
    submit_label = "Draft the notice"

    notice_type = forms.ChoiceField(
        label="Which notice?",
        choices=NoticeType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": MSG_TYPE, "invalid_choice": MSG_TYPE},
    )
    dps = forms.ModelChoiceField(
        queryset=DynamicPurchasingSystem.objects.none(),
        required=False,
        label="Dynamic purchasing system (for a dynamic market notice)",
        empty_label="Select a dynamic purchasing system",
        to_field_name="public_id",
    )
    placement = CodeField(
        required=False,
        label="Placement reference (for a call-off notice)",
        help_text="For example, PL-000123.",
        max_length=12,
    )
    change_description = forms.CharField(
        required=False,
        label="What changed (for a modification notice)",
        widget=forms.Textarea,
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["dps"].queryset = DynamicPurchasingSystem.objects.for_user(actor).filter(
            consortium_id=actor.consortium_id
        )
        self.helper.layout = Layout(
            Field.radios("notice_type", small=True),
            Field.select("dps"),
            Field.text("placement", field_width=10),
            Field.textarea("change_description", rows=3),
            Submit("submit", self.submit_label),
        )

    def clean_placement(self):
        reference = self.cleaned_data["placement"]
        if not reference:
            return None
        number = reference.upper().removeprefix("PL-").lstrip("0")
        found = (
            Placement.objects.for_user(self.actor)
            .filter(borough__consortium_id=self.actor.consortium_id, pk=number)
            .first()
            if number.isdigit()
            else None
        )
        if found is None:
            raise forms.ValidationError(MSG_PLACEMENT)
        return found

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("notice_type")
        if kind in DYNAMIC_MARKET and not cleaned.get("dps") and "dps" not in self.errors:
            self.add_error("dps", "Select the dynamic purchasing system the notice is about")
        call_off = kind and kind not in DYNAMIC_MARKET
        if call_off and not cleaned.get("placement") and "placement" not in self.errors:
            self.add_error("placement", MSG_PLACEMENT)
        return cleaned


class PublishedForm(GovukFormMixin, forms.Form):
    submit_label = "Record the publication"

    platform_reference = forms.CharField(
        label="The notice's reference on Find a Tender",
        max_length=100,
        error_messages={"required": "Enter the notice's reference on Find a Tender"},
    )
    published_on = GovukDateField(what="the date it was published", label="Date published")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("platform_reference", field_width=20),
            Field("published_on"),
            Submit("submit", self.submit_label),
        )
