"""Forms a provider's users fill in to apply to a DPS: lots, the questionnaire, evidence, prices
and answers to clarification questions. They check what a user typed; the services
(providers.services) decide what may be saved."""

from __future__ import annotations

from decimal import Decimal

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import (
    ConditionalQuestion,
    ConditionalRadios,
    Field,
    Fieldset,
    Fixed,
    Layout,
    Submit,
)
from django import forms

from boroughs import uploads
from boroughs.fields import DocumentField
from kernel.forms import GovukFormMixin, PlainChoice, PoundsField

from ..choices import WEEKS_PER_YEAR, Declaration, EvidenceType, ExclusionGround

YES, NO = "yes", "no"


class ExpiryDateField(DateInputField):
    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except forms.ValidationError as error:
            raise forms.ValidationError("The expiry date must be a real date") from error


class StartApplicationForm(forms.Form):
    dps = forms.ModelChoiceField(queryset=None, to_field_name="public_id")

    def __init__(self, *args, dpss, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dps"].queryset = dpss


class LotsForm(GovukFormMixin, forms.Form):
    submit_label = "Save and continue"

    lots = forms.ModelMultipleChoiceField(
        queryset=None,
        label="Which lots are you applying for?",
        to_field_name="number",
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": "Select at least one lot"},
    )
    settings = forms.ModelMultipleChoiceField(
        queryset=None,
        label="Which of your settings are you applying with?",
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": "Select at least one setting"},
    )

    def __init__(self, *args, lots, settings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lots"].queryset = lots
        self.fields["settings"].queryset = settings
        self.fields["lots"].label_from_instance = lambda lot: f"Lot {lot.number}: {lot.name}"
        self.helper.layout = Layout(
            Field.checkboxes("lots", legend_size="m"),
            Field.checkboxes("settings", legend_size="m"),
            Submit("submit", self.submit_label),
        )

    @staticmethod
    def initial_for(application, *, actor) -> dict:
        return {
            "lots": [lot.number for lot in application.lots.for_user(actor)],
            "settings": [str(s.public_id) for s in application.settings.for_user(actor)],
        }


class QuestionnaireForm(GovukFormMixin, forms.Form):
    """Exclusion grounds (mitigation required where one applies), insurance cover, declarations."""

    submit_label = "Save and continue"

    employers_liability_cover = PoundsField(label="Employer's liability cover")
    public_liability_cover = PoundsField(label="Public liability cover")
    professional_indemnity_cover = PoundsField(
        label="Professional indemnity cover (optional)", required=False
    )
    declarations = forms.MultipleChoiceField(
        label="Declarations",
        choices=Declaration.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select each statement to confirm it is true of your organisation.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        questions = []
        for ground in ExclusionGround:
            self.fields[f"exclusion_{ground}"] = forms.ChoiceField(
                label=ground.label,
                choices=[(YES, "Yes"), (NO, "No")],
                widget=forms.RadioSelect,
                error_messages={"required": f"Select yes if this applies: {ground.label.lower()}"},
            )
            # crispy-forms-gds numbers conditional radios from 0, plain ones from 1.
            self.fields[f"exclusion_{ground}"].error_anchor = "_0"
            self.fields[f"mitigation_{ground}"] = forms.CharField(
                label="How have you put this right?",
                help_text="Describe what happened and the steps you have taken since.",
                required=False,
                widget=forms.Textarea,
            )
            questions.append(
                ConditionalRadios(
                    f"exclusion_{ground}",
                    ConditionalQuestion("Yes", Field.textarea(f"mitigation_{ground}", rows=4)),
                    PlainChoice("No"),
                )
            )
        self.helper.layout = Layout(
            Fieldset(
                *questions,
                legend="Grounds for exclusion: in the last 5 years, has your organisation, "
                "or anyone with powers of control over it, been subject to any of these?",
                legend_size="m",
            ),
            Fieldset(
                Field.text("employers_liability_cover", field_width=Fixed.TEN),
                Field.text("public_liability_cover", field_width=Fixed.TEN),
                Field.text("professional_indemnity_cover", field_width=Fixed.TEN),
                legend="Insurance cover, in pounds",
                legend_size="m",
            ),
            Field.checkboxes("declarations", legend_size="m"),
            Submit("submit", self.submit_label),
        )

    def clean(self):
        cleaned = super().clean()
        for ground in ExclusionGround:
            mitigation = cleaned.get(f"mitigation_{ground}", "").strip()
            if cleaned.get(f"exclusion_{ground}") == YES and not mitigation:
                self.add_error(
                    f"mitigation_{ground}",
                    f"Explain how you have put right: {ground.label.lower()}",
                )
        return cleaned

    @staticmethod
    def initial_for(application) -> dict:
        initial = {
            "employers_liability_cover": application.employers_liability_cover,
            "public_liability_cover": application.public_liability_cover,
            "professional_indemnity_cover": application.professional_indemnity_cover,
            "declarations": application.declarations,
        }
        for answer in application.exclusions.all():
            initial[f"exclusion_{answer.ground}"] = YES if answer.applies else NO
            initial[f"mitigation_{answer.ground}"] = answer.mitigation
        return initial

    def answers(self) -> dict:
        """The keyword arguments of services.application_update."""
        data = self.cleaned_data
        return {
            "exclusions": {
                ground.value: (
                    data[f"exclusion_{ground}"] == YES,
                    data.get(f"mitigation_{ground}", ""),
                )
                for ground in ExclusionGround
            },
            "declarations": data["declarations"],
            "employers_liability_cover": data["employers_liability_cover"],
            "public_liability_cover": data["public_liability_cover"],
            "professional_indemnity_cover": data["professional_indemnity_cover"],
        }


class EvidenceForm(GovukFormMixin, forms.Form):
    submit_label = "Upload document"

    evidence_type = forms.ChoiceField(
        label="Type of document",
        choices=[("", "Select a type"), *EvidenceType.choices],
        error_messages={
            "required": "Select the type of document",
            "invalid_choice": "Select the type of document",
        },
    )
    file = DocumentField(
        label="Upload a file",
        help_text=uploads.HELP_TEXT,
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "Select a file",
        },
    )
    expires_on = ExpiryDateField(
        label="Expiry date",
        required=False,
        require_all_fields=False,
        help_text="Insurance certificates must have one. For example, 31 3 2027.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.select("evidence_type"),
            Field("file"),
            Field("expires_on"),
            Submit("submit", self.submit_label),
        )


class PriceForm(GovukFormMixin, forms.Form):
    """A weekly ceiling rate's breakdown and the weeks a year it is charged for."""

    submit_label = "Save price"

    education = PoundsField(label="Education", required=False, max_digits=9)
    care = PoundsField(label="Care", required=False, max_digits=9)
    therapies = PoundsField(label="Therapies", required=False, max_digits=9)
    one_to_one = PoundsField(label="One-to-one staffing", required=False, max_digits=9)
    other = PoundsField(label="Other", required=False, max_digits=9)
    weeks_per_year = forms.TypedChoiceField(
        label="Weeks a year",
        choices=[(w, f"{w} weeks") for w in WEEKS_PER_YEAR],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the weeks a year this price is for"},
    )

    RATES = ("education", "care", "therapies", "one_to_one", "other")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Fieldset(
                *(Field.text(name, field_width=Fixed.TEN) for name in self.RATES),
                legend="Weekly rate, in pounds",
                legend_size="m",
            ),
            Field.radios("weeks_per_year", legend_size="m", inline=True),
            Submit("submit", self.submit_label),
        )

    def rates(self) -> dict:
        data = self.cleaned_data
        rates = {
            name: data[name] if data[name] is not None else Decimal("0.00") for name in self.RATES
        }
        rates["weeks_per_year"] = data["weeks_per_year"]
        return rates


class ClarificationAnswerForm(GovukFormMixin, forms.Form):
    submit_label = "Send answer"

    answer = forms.CharField(
        label="Your answer",
        widget=forms.Textarea,
        error_messages={"required": "Enter your answer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.textarea("answer", label_size="s", rows=6), Submit("submit", self.submit_label)
        )
