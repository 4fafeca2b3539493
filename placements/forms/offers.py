"""Forms providers use to answer an invitation: offer, decline, withdraw, ask a question.

They check what a user typed; placements.services decides what may be saved (a closed request,
a zero fee, a missing note for "other" are the service's refusals, shown at their fields).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from crispy_forms_gds.layout import (
    ConditionalQuestion,
    ConditionalRadios,
    Field,
    Fieldset,
    Layout,
    Submit,
)
from django import forms

from kernel.forms import GovukDateField, GovukFormMixin, PlainChoice, PoundsField
from providers.choices import WEEKS_PER_YEAR

from ..choices import DeclineReason
from ..models import FEE_PARTS, Offer

POUNDS_TEMPLATE = "placements/invitations/_pounds_field.html"
ZERO = Decimal("0.00")


def pounds(name: str) -> Field:
    """A money input with the GOV.UK "£" prefix (crispy-forms-gds has no prefix option)."""
    return Field(name, css_class="govuk-input--width-10", template=POUNDS_TEMPLATE)


WEEKS_FIELD_CHOICES = [(w, f"{w} weeks") for w in WEEKS_PER_YEAR]


class OfferForm(GovukFormMixin, forms.Form):
    """The weekly fee's breakdown, weeks a year, proposed start and any conditions."""

    submit_label = "Send offer"

    education = PoundsField(label="Education", required=False, max_digits=9)
    care = PoundsField(label="Care", required=False, max_digits=9)
    therapies = PoundsField(label="Therapies", required=False, max_digits=9)
    one_to_one = PoundsField(label="One-to-one staffing", required=False, max_digits=9)
    transport = PoundsField(label="Transport", required=False, max_digits=9)
    other = PoundsField(label="Other", required=False, max_digits=9)
    weeks_per_year = forms.TypedChoiceField(
        label="Weeks a year",
        choices=WEEKS_FIELD_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the weeks a year the fee is for"},
    )
    proposed_start_on = GovukDateField(
        what="the proposed start date",
        label="Proposed start date",
        help_text="For example, 1 9 2026.",
    )
    conditions = forms.CharField(
        label="Conditions (optional)",
        required=False,
        widget=forms.Textarea,
        help_text="Anything the offer depends on, such as an assessment visit.",
    )
    above_ceiling_reason = forms.CharField(
        label="If the weekly fee is above your DPS ceiling, why?",
        required=False,
        widget=forms.Textarea,
        help_text="Needed only for a weekly fee above the ceiling. The commissioner sees the "
        "offer marked as above the ceiling, with your reason.",
    )

    def __init__(self, *args, revising: bool = False, ceiling=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.submit_label = "Save changes to your offer" if revising else "Send offer"
        if ceiling is not None:
            self.fields[
                "above_ceiling_reason"
            ].label = f"If the weekly fee is above your DPS ceiling of £{ceiling:,.2f}, why?"
        self.helper.layout = Layout(
            Fieldset(
                *(pounds(name) for name in FEE_PARTS),
                legend="Weekly fee, in pounds",
                legend_size="m",
            ),
            Field.radios("weeks_per_year", legend_size="m", inline=True),
            Field("proposed_start_on", context={"legend_size": "govuk-fieldset__legend--m"}),
            Field.textarea("conditions", rows=4),
            *([Field.textarea("above_ceiling_reason", rows=3)] if ceiling is not None else []),
            Submit("submit", self.submit_label),
        )

    @staticmethod
    def initial_for(offer: Offer | None, *, weeks_per_year: int, starts_on: date) -> dict:
        """The current offer to revise, or the request's weeks and start date to begin from."""
        if offer is None:
            return {"weeks_per_year": weeks_per_year, "proposed_start_on": starts_on}
        fields = [
            *FEE_PARTS,
            "weeks_per_year",
            "proposed_start_on",
            "conditions",
            "above_ceiling_reason",
        ]
        return {name: getattr(offer, name) for name in fields}

    def offer_fields(self) -> dict:
        """The keyword arguments of services.offer_submit: a blank part is £0."""
        data = self.cleaned_data
        fields = {name: data[name] if data[name] is not None else ZERO for name in FEE_PARTS}
        fields.update(
            weeks_per_year=data["weeks_per_year"],
            proposed_start_on=data["proposed_start_on"],
            conditions=data["conditions"].strip(),
            above_ceiling_reason=data["above_ceiling_reason"].strip(),
        )
        return fields


class DeclineForm(GovukFormMixin, forms.Form):
    submit_label = "Decline the request"

    reason = forms.ChoiceField(
        label="Why are you declining?",
        choices=DeclineReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select why you are declining",
            "invalid_choice": "Select why you are declining",
        },
    )
    note = forms.CharField(
        label="Tell the borough why",
        required=False,
        widget=forms.Textarea,
        help_text="The borough reads this when it plans future requests.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Conditional radios are numbered from 0: the error summary must link to the first.
        self.fields["reason"].error_anchor = "_0"
        choices = []
        for value, label in DeclineReason.choices:
            if value == DeclineReason.OTHER:
                choices.append(ConditionalQuestion(label, Field.textarea("note", rows=4)))
            else:
                choices.append(PlainChoice(label))
        self.helper.layout = Layout(
            ConditionalRadios("reason", *choices), Submit("submit", self.submit_label)
        )


class WithdrawForm(GovukFormMixin, forms.Form):
    submit_label = "Withdraw offer"

    reason = forms.CharField(
        label="Why are you withdrawing your offer? (optional)",
        required=False,
        widget=forms.Textarea,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.textarea("reason", rows=4),
            Submit("submit", self.submit_label, css_class="govuk-button--warning"),
        )


class QuestionForm(GovukFormMixin, forms.Form):
    submit_label = "Send question"

    question = forms.CharField(
        label="Your question",
        widget=forms.Textarea,
        help_text="The borough's commissioners will answer it here and by email. "
        "Do not ask for anything that would identify the child.",
        error_messages={"required": "Enter your question"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.textarea("question", rows=6), Submit("submit", self.submit_label)
        )
