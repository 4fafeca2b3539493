"""Forms for council staff on the DPS: review checks and decisions, enrolment actions, and the
directory's filters.

Reasons are optional here on purpose: the services decide when one is required (a fail, a
clarification, a rejection, an enrolment change) and say so in one message, shown at the field.
"""

from crispy_forms_gds.layout import Button, Div, Field, Fluid, Layout, Submit
from django import forms

from boroughs.geo import normalise_postcode, postcode_location
from kernel.forms import GovukFormMixin

from ..choices import CarePlacementType, EstablishmentType, NeedCode, ReviewOutcome, SchoolGrade

MSG_SELECT_OUTCOME = "Select the outcome of the check"
MSG_POSTCODE_SHAPE = "Enter a real postcode, like CR0 1NX"
MSG_POSTCODE_UNKNOWN = "We could not find that postcode. Enter a postcode in London"
MSG_POSTCODE_FOR_DISTANCE = "Enter a postcode to search within a distance of it"
DISTANCES_KM = (2, 5, 10, 20, 50)


def _reason_field(label: str, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, help_text=hint, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReviewCheckForm(GovukFormMixin, forms.Form):
    """The outcome of checking one document or questionnaire section."""

    outcome = forms.ChoiceField(
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": MSG_SELECT_OUTCOME, "invalid_choice": MSG_SELECT_OUTCOME},
    )
    reason = _reason_field("Reason", "Needed for a fail or a clarification.")

    def __init__(self, *args, subject_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].label = f"Outcome of the check: {subject_label}"
        self.fields["reason"].label = f"Reason: {subject_label}"
        self.helper.layout = Layout(
            Field.radios("outcome", inline=True, small=True),
            Field.textarea("reason", rows=2),
            Button.secondary("submit", "Record check"),
        )


class StartReviewForm(GovukFormMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Submit("submit", "Start review"))


class ClarificationForm(GovukFormMixin, forms.Form):
    prefix = "clarify"  # several forms share one page: their field ids must differ
    question = _reason_field(
        "Your question to the provider",
        "The provider is emailed. The application waits for their answer.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.textarea("question", rows=4), Button.secondary("submit", "Ask for clarification")
        )


class AccreditForm(GovukFormMixin, forms.Form):
    prefix = "accredit"
    reason = _reason_field(
        "Note to the provider (optional)", "Included in the email that tells them."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("reason"), Submit("submit", "Accredit"))


class ExtendDeadlineForm(GovukFormMixin, forms.Form):
    prefix = "extend"
    reason = _reason_field(
        "Why the decision needs 15 working days",
        "The provider is emailed this reason. The deadline can be extended once.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.textarea("reason", rows=3), Button.secondary("submit", "Extend the deadline")
        )


class RejectForm(GovukFormMixin, forms.Form):
    prefix = "reject"
    reason = _reason_field(
        "Reasons for rejecting the application", "The provider is emailed these reasons."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("reason"), Button.warning("submit", "Reject"))


class EnrolmentActionForm(GovukFormMixin, forms.Form):
    """Suspend, reinstate or remove one enrolment, with the reason recorded in its history."""

    reason = _reason_field("Reason")

    def __init__(self, *args, action_label: str, lot_name: str, warning=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = f"Reason to {action_label.lower()}: {lot_name}"
        button = Button.warning if warning else Button.secondary
        self.helper.layout = Layout(
            Field.textarea("reason", rows=2), button("submit", action_label)
        )


def _choices(label: str, *choice_sets) -> list[tuple[str, str]]:
    choices = [("", label)]
    for choice_set in choice_sets:
        choices += [(value, f"{text} ({value})") for value, text in choice_set.choices]
    return choices


class DirectoryFilterForm(GovukFormMixin, forms.Form):
    """The directory's filters (GET). Cleaned, it carries `origin`: the postcode's location."""

    lot = forms.ModelChoiceField(
        queryset=None, required=False, label="Enrolled on lot", empty_label="Any lot"
    )
    need = forms.ChoiceField(
        label="Need catered for",
        required=False,
        choices=[("", "Any need"), *((v, f"{t} ({v})") for v, t in NeedCode.choices)],
    )
    setting_type = forms.ChoiceField(
        label="Type of setting",
        required=False,
        choices=_choices("Any type", EstablishmentType, CarePlacementType),
    )
    ofsted = forms.ChoiceField(
        label="Latest Ofsted grade",
        required=False,
        choices=[("", "Any grade"), *SchoolGrade.choices],
    )
    has_vacancies = forms.BooleanField(label="Only settings with vacancies", required=False)
    postcode = forms.CharField(
        label="Distance from postcode",
        required=False,
        help_text="Nearest settings first. For example, the child's home postcode.",
    )
    within = forms.TypedChoiceField(
        label="Within",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any distance")] + [(str(km), f"{km} km") for km in DISTANCES_KM],
    )

    def __init__(self, *args, lots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lot"].queryset = lots
        self.fields["lot"].label_from_instance = lambda lot: f"{lot.dps.name}: {lot}"
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Div(
                Div(Field.select("lot"), css_class="govuk-grid-column-one-half"),
                Div(Field.select("need"), css_class="govuk-grid-column-one-half"),
                css_class="govuk-grid-row",
            ),
            Div(
                Div(Field.select("setting_type"), css_class="govuk-grid-column-one-half"),
                Div(Field.select("ofsted"), css_class="govuk-grid-column-one-half"),
                css_class="govuk-grid-row",
            ),
            Div(
                Div(
                    Field.text("postcode", field_width=Fluid.ONE_HALF),
                    css_class="govuk-grid-column-one-half",
                ),
                Div(Field.select("within"), css_class="govuk-grid-column-one-half"),
                css_class="govuk-grid-row",
            ),
            Field.checkbox("has_vacancies", small=True),
            Submit("filter", "Apply filters"),
        )

    def clean_postcode(self):
        text = self.cleaned_data["postcode"].strip()
        self.cleaned_data["origin"] = None
        if not text:
            return ""
        postcode = normalise_postcode(text)
        if postcode is None:
            raise forms.ValidationError(MSG_POSTCODE_SHAPE)
        origin = postcode_location(postcode)
        if origin is None:
            raise forms.ValidationError(MSG_POSTCODE_UNKNOWN)
        self.cleaned_data["origin"] = origin
        return postcode

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("within") and not cleaned.get("origin") and "postcode" not in self.errors:
            self.add_error("postcode", MSG_POSTCODE_FOR_DISTANCE)
        return cleaned
