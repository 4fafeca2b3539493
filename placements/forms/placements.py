"""Forms commissioners use on a placement: fee changes, reviews and spot prices, ends, moves.

They check what a user typed; placements.services decides what may be saved (a fee change
before the start, an end before the start, a full setting are the service's refusals).
"""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms
from django.utils import timezone

from kernel.forms import GovukDateField, GovukFormMixin, PoundsField
from providers.models import Enrolment

from ..choices import EndReason
from ..templatetags.money import pounds as pounds_text
from .offers import pounds


class FeeChangeForm(GovukFormMixin, forms.Form):
    submit_label = "Save fee change"

    effective_from = GovukDateField(
        what="the date the new fee starts",
        label="Date the new fee starts",
        help_text="For example, 1 4 2027.",
    )
    weekly_fee = PoundsField(label="New weekly fee", max_digits=9)
    reason = forms.CharField(
        label="Reason for the change",
        max_length=200,
        help_text="For example, annual uplift agreed at review.",
        error_messages={"required": "Enter a reason"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field("effective_from"),
            pounds("weekly_fee"),
            Field.text("reason"),
            Submit("submit", self.submit_label),
        )


class PlacementEditForm(GovukFormMixin, forms.Form):
    """The spot-purchase price to measure savings against, and the next annual review."""

    submit_label = "Save changes"

    spot_weekly = PoundsField(
        label="Spot-purchase price (weekly, optional)",
        required=False,
        max_digits=9,
        help_text="What the borough would have paid buying the same place off the DPS.",
    )
    next_review_on = GovukDateField(
        what="the date of the next annual review",
        label="Next annual review (optional)",
        required=False,
        help_text="For example, 14 3 2027.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            pounds("spot_weekly"), Field("next_review_on"), Submit("submit", self.submit_label)
        )


class PlacementEndForm(GovukFormMixin, forms.Form):
    submit_label = "End the placement"

    ends_on = GovukDateField(
        what="the end date", label="End date", help_text="For example, 20 7 2027."
    )
    reason = forms.ChoiceField(
        label="Why did the placement end?",
        # A move is recorded by moving the child, which ends this placement with X1 itself.
        choices=[(value, label) for value, label in EndReason.choices if value != EndReason.X1],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select why the placement ended",
            "invalid_choice": "Select why the placement ended",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field("ends_on"),
            Field.radios("reason", legend_size="m", small=True),
            Submit("submit", self.submit_label, css_class="govuk-button--warning"),
        )


def enrolment_label(enrolment: Enrolment) -> str:
    """The setting, its provider and (where annotated) its DPS ceiling on the lot."""
    label = f"{enrolment.setting.name} ({enrolment.setting.provider})"
    ceiling = getattr(enrolment, "ceiling_weekly", None)
    return f"{label}: DPS ceiling {pounds_text(ceiling)} a week" if ceiling is not None else label


class PlacementMoveForm(GovukFormMixin, forms.Form):
    submit_label = "Move the child"

    setting = forms.ModelChoiceField(
        queryset=Enrolment.objects.none(),
        label="Setting to move to",
        to_field_name="public_id",
        widget=forms.RadioSelect,
        help_text="Settings enrolled on the same lot that have a vacancy.",
        error_messages={
            "required": "Select the setting to move to",
            "invalid_choice": "Select the setting to move to",
        },
    )
    starts_on = GovukDateField(
        what="the date the new placement starts",
        label="Date the new placement starts",
        help_text="The current placement ends the same day. For example, 1 9 2027.",
    )
    weekly_fee = PoundsField(label="Weekly fee at the new setting", max_digits=9)
    reason = forms.CharField(
        label="Reason for the move",
        widget=forms.Textarea,
        error_messages={"required": "Enter a reason"},
    )
    start_reason = forms.CharField(
        label="If the new placement started before today, why is it recorded now?",
        widget=forms.Textarea,
        required=False,
        help_text="Needed only for a start date in the past.",
    )

    def clean(self):
        cleaned = super().clean()
        starts_on = cleaned.get("starts_on")
        if starts_on and starts_on < timezone.localdate() and not cleaned.get("start_reason"):
            self.add_error(
                "start_reason", "Enter why the new placement is recorded as starting in the past"
            )
        return cleaned

    def __init__(self, *args, enrolments, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["setting"]
        field.queryset = enrolments
        field.label_from_instance = enrolment_label
        self.helper.layout = Layout(
            Field.radios("setting", legend_size="m"),
            Field("starts_on"),
            pounds("weekly_fee"),
            Field.textarea("reason", rows=4),
            Field.textarea("start_reason", rows=3),
            Submit("submit", self.submit_label),
        )
