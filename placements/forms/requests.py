"""Forms for placement requests: the request itself, inviting matched settings, the
commissioner's answers, cancelling, rating, awarding and recording that none is suitable.

The policy questions (mainstream first, local first) may be left for later while the request is
a draft: the services refuse to send a request to providers until they are answered.
"""

from __future__ import annotations

from crispy_forms_gds.layout import HTML, Button, Field, Fixed, Layout, Submit
from django import forms

from kernel.forms import GovukDateField, GovukFormMixin, PoundsField

from ..choices import NotMetReason, PhaseTransfer, Provision, SufficiencyReason
from ..models import WEEKS_CHOICES, PlacementRequest
from .standard import PREFIX, StandardQuestionsMixin

YES, NO = "yes", "no"
YES_NO = [(YES, "Yes"), (NO, "No")]
POLICY_FIELDS = ("mainstream_considered", "in_borough_considered")
NEEDS_FIT_CHOICES = [
    ("4", "4: fully meets the needs"),
    ("3", "3: meets most of the needs"),
    ("2", "2: meets some of the needs"),
    ("1", "1: meets few of the needs"),
    ("0", "0: does not meet the needs"),
]


def optional_pounds(label: str, hint: str = "") -> PoundsField:
    """An optional amount in pounds; messages name it without the "(optional)" of its label."""
    field = PoundsField(label=f"{label} (optional)", required=False, max_digits=9, help_text=hint)
    field.error_messages.update(
        invalid=f"{label} must be an amount in pounds, like 1500 or 1500.50",
        min_value=f"{label} must be £0 or more",
        max_digits=f"{label} is too large",
        max_whole_digits=f"{label} is too large",
        max_decimal_places=f"{label} must have no more than 2 decimal places",
    )
    return field


def _text(label: str, hint: str = "", required: bool = False, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, help_text=hint, required=required, widget=forms.Textarea, **kwargs
    )


class RequestForm(StandardQuestionsMixin, GovukFormMixin, forms.Form):
    """A placement request for one child: what providers see, the budget, and the policy answers."""

    lot = forms.ModelChoiceField(
        queryset=None,
        label="Lot",
        widget=forms.RadioSelect,
        empty_label=None,
        help_text="The category of the dynamic purchasing system to buy the placement from.",
        error_messages={"required": "Select a lot", "invalid_choice": "Select a lot"},
    )
    required_start_on = GovukDateField(
        what="the date the placement must start",
        label="When must the placement start?",
        help_text="For example, 1 9 2026.",
    )
    provision = forms.ChoiceField(
        label="Day or residential",
        choices=Provision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select day or residential"},
    )
    weeks_per_year = forms.TypedChoiceField(
        label="Weeks a year",
        choices=WEEKS_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the weeks a year the placement is for"},
    )
    needs_summary = _text(
        "Summary of the child's needs",
        "Providers see this. Do not include the child's name or anything that identifies them.",
        required=True,
        error_messages={"required": "Enter a summary of the child's needs for providers"},
    )
    risks = _text("Risks (optional)")
    communication = _text("Communication (optional)")
    compatibility = _text("Who the child can live or learn alongside (optional)")
    additional_support = _text("Additional support (optional)")
    budget_ceiling_weekly = optional_pounds(
        "Weekly budget ceiling", "Only your borough sees it. Offers are compared against it."
    )
    response_deadline = GovukDateField(
        what="the date offers are due",
        label="When are offers due? (optional until you invite providers)",
        required=False,
        help_text="Providers can offer until the end of the day before. For example, 30 6 2026.",
    )
    mainstream_considered = forms.ChoiceField(
        label="Has mainstream provision been considered?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    in_borough_considered = forms.ChoiceField(
        label="Has provision in your borough been considered?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    not_met_reasons = forms.MultipleChoiceField(
        label="Why does neither meet the child's needs?",
        choices=NotMetReason.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply.",
    )
    not_met_explanation = _text(
        "Explanation", "Needed if you selected another reason.", required=False
    )
    phase_transfer = forms.ChoiceField(
        label="Is this a phase transfer?",
        choices=PhaseTransfer.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    transfer_on = GovukDateField(
        what="the date of the phase transfer",
        label="Date of the phase transfer (if there is one)",
        required=False,
        help_text="For example, 1 9 2026.",
    )

    def __init__(self, *args, lots, is_new: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lot"].queryset = lots
        # The standard's questions for the strands the borough can raise requests in.
        standard = self.add_standard_questions(
            set(lots.values_list("dps__strand__kind", flat=True))
        )
        self.fields["lot"].label_from_instance = lambda lot: f"{lot.dps.name}: {lot}"
        # Section headings rather than fieldsets: radios and dates are fieldsets themselves.
        self.helper.layout = Layout(
            HTML.heading("h2", "m", "The placement"),
            Field.radios("lot"),
            Field("required_start_on"),
            Field.radios("provision", inline=True),
            Field.radios("weeks_per_year", inline=True),
            HTML.heading("h2", "m", "The child's needs, as providers will see them"),
            Field.textarea("needs_summary", rows=5),
            Field.textarea("risks", rows=3),
            Field.textarea("communication", rows=3),
            Field.textarea("compatibility", rows=3),
            Field.textarea("additional_support", rows=3),
            *standard,
            HTML.heading("h2", "m", "Budget and deadline"),
            Field.text("budget_ceiling_weekly", field_width=Fixed.TEN),
            Field("response_deadline"),
            HTML.heading("h2", "m", "Mainstream first, local first"),
            Field.radios("mainstream_considered", inline=True),
            Field.radios("in_borough_considered", inline=True),
            Field.checkboxes("not_met_reasons"),
            Field.textarea("not_met_explanation", rows=3),
            HTML.heading("h2", "m", "Transition"),
            Field.radios("phase_transfer"),
            Field("transfer_on"),
            Submit("submit", "Save draft request" if is_new else "Save changes"),
        )

    @staticmethod
    def initial_for(placement_request: PlacementRequest | None) -> dict:
        if placement_request is None:
            return {"provision": Provision.DAY, "weeks_per_year": 38}
        initial = {name: getattr(placement_request, name) for name in RequestForm.base_fields}
        for name in POLICY_FIELDS:
            initial[name] = YES if initial[name] else NO
        initial.update(RequestForm.standard_initial(placement_request.standard))
        return initial

    def clean(self):
        cleaned = super().clean()
        lot = cleaned.get("lot")
        if lot is not None:
            self.check_standard_answers(lot.dps.strand.kind)
        return cleaned

    def request_fields(self) -> dict:
        """The keyword arguments of services.request_create and request_update."""
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith(PREFIX)}
        data["standard"] = self.standard_answers(data["lot"].dps.strand.kind)
        for name in POLICY_FIELDS:
            data[name] = data[name] == YES
        for name in ("risks", "communication", "compatibility", "additional_support"):
            data[name] = data[name].strip()
        return data


class InviteForm(forms.Form):
    """The matched settings chosen on the matches page (by their public ids)."""

    settings = forms.MultipleChoiceField(
        error_messages={
            "required": "Select at least one setting to invite",
            "invalid_choice": "Select settings from the list: it may have changed",
        }
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["settings"].choices = choices


class AnswerForm(GovukFormMixin, forms.Form):
    """The commissioner's answer to one provider's question (several on one page)."""

    answer = _text("Your answer", "The provider is emailed your answer.")

    def __init__(self, *args, question, **kwargs):
        # Each question's form needs its own ids; the field keeps its plain name.
        super().__init__(*args, auto_id=f"answer-{question.pk}-%s", **kwargs)
        self.fields["answer"].label = f"Your answer to {question.invitation.provider}"
        self.helper.layout = Layout(
            Field.textarea("answer", rows=3),
            Button.secondary("submit", "Send answer", css_id=f"answer-{question.pk}-submit"),
        )


class ReasonForm(GovukFormMixin, forms.Form):
    """A reason for cancelling a request or recording that no offer is suitable.

    Optional here on purpose: the service refuses an empty reason with the one message.
    """

    reason = _text("Reason")

    def __init__(self, *args, label: str, hint: str, button: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].help_text = hint
        self.helper.layout = Layout(
            Field.textarea("reason", rows=4),
            Button.warning("submit", button, css_id=f"{self.prefix or 'reason'}-submit"),
        )


class NoneSuitableForm(ReasonForm):
    """Why no offer meets the need: a sufficiency code (counted on the sufficiency page) and the
    reason in words."""

    reason_code = forms.ChoiceField(
        label="Why is no offer suitable?",
        choices=SufficiencyReason.choices,
        widget=forms.RadioSelect,
        required=False,  # the service refuses a missing code with its one message
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout.fields.insert(0, Field.radios("reason_code", small=True))


class RateForm(GovukFormMixin, forms.Form):
    """How well one offer meets the child's needs, from 0 to 4."""

    needs_fit = forms.TypedChoiceField(
        choices=NEEDS_FIT_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how well the offer meets the needs",
            "invalid_choice": "Select how well the offer meets the needs",
        },
    )

    def __init__(self, *args, invitation, **kwargs):
        # One form per offer on the page: the prefix keeps their radios' ids apart.
        prefix = f"rate-{invitation.pk}"
        super().__init__(*args, prefix=prefix, **kwargs)
        self.fields["needs_fit"].label = f"How well does {invitation.setting} meet the needs?"
        self.helper.layout = Layout(
            Field.radios("needs_fit", small=True),
            Button.secondary("submit", "Save rating", css_id=f"{prefix}-submit"),
        )


class AwardForm(GovukFormMixin, forms.Form):
    """Award the request to one live offer, with a reason and any spot-purchase price."""

    prefix = "award"
    invitation = forms.ChoiceField(
        label="Which offer do you award?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the offer to award",
            "invalid_choice": "Select the offer to award",
        },
    )
    reason = _text(
        "Reason for the award",
        "Recorded with the placement. Every provider that offered is told the outcome.",
    )
    spot_weekly = optional_pounds(
        "Spot-purchase price a week",
        "What your borough would have paid buying the same place off the framework. "
        "Savings against spot prices use it.",
    )
    unrated_reason = _text(
        "Why are not all offers rated for needs fit?",
        "Every offer should be rated before the award. If you award without rating them all, "
        "the reason is kept in the evaluation record.",
    )
    safeguarding_reason = _text(
        "Why should the award go ahead although Ofsted found safeguarding not met?",
        "Needed only if the offer you award is from a setting whose latest inspection found "
        "safeguarding not met. Kept in the evaluation record.",
    )

    start_reason = _text(
        "Why does the placement start on a date already past?",
        "Needed only if the offer you award proposes a start date before today. Kept on the "
        "placement.",
    )

    def __init__(
        self, *args, choices, unrated=False, safeguarding=False, past_start=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["invitation"].choices = choices
        fields = [
            Field.radios("invitation"),
            Field.textarea("reason", rows=4),
            Field.text("spot_weekly", field_width=Fixed.TEN),
        ]
        # Each extra reason is asked only when the evaluation needs it.
        if unrated:
            fields.append(Field.textarea("unrated_reason", rows=3))
        else:
            del self.fields["unrated_reason"]
        if safeguarding:
            fields.append(Field.textarea("safeguarding_reason", rows=3))
        else:
            del self.fields["safeguarding_reason"]
        if past_start:
            fields.append(Field.textarea("start_reason", rows=3))
        else:
            del self.fields["start_reason"]
        self.helper.layout = Layout(
            *fields, Submit("submit", "Award placement", css_id="award-submit")
        )
