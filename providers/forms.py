"""Forms for providers' pages, in GOV.UK style. They check what a user typed; the services
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
    Fluid,
    Layout,
    Submit,
)
from django import forms

from boroughs import uploads
from boroughs.fields import DocumentField
from kernel.forms import GovukFormMixin

from .choices import (
    COMMISSIONED_ESTABLISHMENT_TYPES,
    WEEKS_PER_YEAR,
    CarePlacementType,
    Declaration,
    EstablishmentType,
    EvidenceType,
    ExclusionGround,
    NeedCode,
    Sex,
)
from .models import (
    MSG_SETTING_TYPE,
    Provider,
    charity_number_validator,
    companies_house_validator,
    postcode_validator,
    urn_validator,
)
from .selectors import company_number_registered
from .services import COMPANY_FIELDS

YES, NO = "yes", "no"
MSG_COMPANY_REGISTERED = (
    "An organisation with this Companies House number is already registered. "
    "Ask the programme team to add you to it"
)
PROVISION_CHOICES = [("day", "Day"), ("residential", "Residential")]


class CodeField(forms.CharField):
    """A reference typed any old way (sc 123 456): upper case, spaces tidied before checking."""

    def __init__(self, *, keep_spaces: bool = False, **kwargs):
        self.keep_spaces = keep_spaces
        super().__init__(**kwargs)
        self.widget.attrs["spellcheck"] = "false"

    def to_python(self, value):
        words = super().to_python(value).upper().split()
        return " ".join(words) if self.keep_spaces else "".join(words)


class PoundsField(forms.DecimalField):
    """An amount in pounds that may be typed as £10,000,000."""

    widget = forms.TextInput  # GOV.UK advises against number inputs

    def __init__(self, *, label: str, required: bool = True, **kwargs):
        super().__init__(
            label=label,
            required=required,
            min_value=Decimal("0"),
            max_digits=kwargs.pop("max_digits", 12),
            decimal_places=2,
            error_messages={
                "required": f"Enter {label[0].lower()}{label[1:]}",
                "invalid": f"{label} must be an amount in pounds, like 1500 or 1500.50",
                "min_value": f"{label} must be £0 or more",
                "max_digits": f"{label} is too large",
                "max_decimal_places": f"{label} must have no more than 2 decimal places",
                "max_whole_digits": f"{label} is too large",
            },
            **kwargs,
        )
        self.widget.attrs.update({"inputmode": "decimal", "spellcheck": "false"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("£", "").replace(",", "").strip()
        return super().to_python(value)


class PlainChoice(ConditionalQuestion):
    """A choice among conditional radios that reveals nothing.

    crispy-forms-gds renders a plain choice with `aria-controls` naming a panel it never
    renders, which assistive technology (and axe) reports as broken ARIA.
    """

    template = "providers/forms/_plain_radio.html"


class ExpiryDateField(DateInputField):
    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except forms.ValidationError as error:
            raise forms.ValidationError("The expiry date must be a real date") from error


# --- Organisation ---------------------------------------------------------------------------


class ProviderForm(GovukFormMixin, forms.Form):
    """Registration and later changes; confirmed company details are shown but disabled."""

    submit_label = "Save"

    legal_name = forms.CharField(
        label="Legal name",
        max_length=200,
        help_text="As registered with Companies House or the Charity Commission.",
        error_messages={"required": "Enter your organisation's legal name"},
    )
    trading_name = forms.CharField(label="Trading name (optional)", max_length=200, required=False)
    companies_house_number = CodeField(
        label="Companies House number",
        required=False,
        max_length=10,
        help_text="8 characters, like 01234567 or SC123456. Leave blank if you are a charity "
        "that is not a company.",
        validators=[companies_house_validator],
    )
    charity_number = CodeField(
        label="Charity number (if you are a charity)",
        required=False,
        max_length=12,
        validators=[charity_number_validator],
    )
    registered_address = forms.CharField(
        label="Registered address",
        widget=forms.Textarea,
        error_messages={"required": "Enter your registered address"},
    )
    postcode = CodeField(
        keep_spaces=True,
        label="Postcode",
        max_length=8,
        validators=[postcode_validator],
        error_messages={"required": "Enter the postcode of your registered address"},
    )
    contact_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter the contact's name"}
    )
    contact_email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter the contact's email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    contact_phone = forms.CharField(
        label="Telephone number (optional)", max_length=30, required=False
    )

    def __init__(self, *args, provider: Provider | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.provider = provider
        if provider is not None and provider.details_confirmed_at:
            for name in COMPANY_FIELDS:
                self.fields[name].disabled = True
                self.fields[
                    name
                ].help_text = "Confirmed. Ask the consortium admin if this needs to change."
        self.submit_label = "Save changes" if self.initial else "Register organisation"
        self.helper.layout = Layout(
            Field.text("legal_name"),
            Field.text("trading_name"),
            Field.text("companies_house_number", field_width=Fixed.TEN),
            Field.text("charity_number", field_width=Fixed.TEN),
            Field.textarea("registered_address", rows=3, autocomplete="street-address"),
            Field.text("postcode", field_width=Fixed.TEN, autocomplete="postal-code"),
            Fieldset(
                Field.text("contact_name", autocomplete="name"),
                Field.text("contact_email", field_width=Fluid.TWO_THIRDS, autocomplete="email"),
                Field.text("contact_phone", field_width=Fixed.TWENTY, autocomplete="tel"),
                legend="Main contact",
                legend_size="m",
            ),
            Submit("submit", self.submit_label),
        )

    def clean_companies_house_number(self):
        number = self.cleaned_data["companies_house_number"]
        # The model's constraint would refuse it too, but with a message meant for developers.
        if number and company_number_registered(number, other_than=self.provider):
            raise forms.ValidationError(MSG_COMPANY_REGISTERED)
        return number

    def clean(self):
        cleaned = super().clean()
        if (
            "companies_house_number" not in self.errors
            and "charity_number" not in self.errors
            and not cleaned.get("companies_house_number")
            and not cleaned.get("charity_number")
        ):
            self.add_error(
                "companies_house_number", "Enter a Companies House number or a charity number"
            )
        return cleaned


# --- Settings ---------------------------------------------------------------------------------


def establishment_type_choices() -> list:
    schools = [(t.value, f"{t.label} ({t.value})") for t in EstablishmentType]
    schools = [choice for choice in schools if choice[0] in COMMISSIONED_ESTABLISHMENT_TYPES]
    care = [(t.value, f"{t.label} ({t.value})") for t in CarePlacementType]
    return [
        ("", "Select a type"),
        ("Schools and colleges (GIAS type)", schools),
        ("Care (SSDA903 placement type)", care),
    ]


class SettingForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="Name of the setting",
        max_length=200,
        error_messages={"required": "Enter the name of the setting"},
    )
    urn = CodeField(
        label="URN (schools and colleges)",
        required=False,
        max_length=6,
        help_text="The 6-digit unique reference number in Get Information about Schools.",
        validators=[urn_validator],
    )
    ofsted_urn = CodeField(
        label="Ofsted URN (care settings)",
        required=False,
        max_length=8,
        help_text="The unique reference number on the setting's Ofsted reports.",
    )
    establishment_type = forms.ChoiceField(
        label="Type of setting",
        choices=establishment_type_choices,
        error_messages={
            "required": "Select the type of setting",
            "invalid_choice": MSG_SETTING_TYPE,
        },
    )
    age_low = forms.IntegerField(
        label="Youngest",
        min_value=0,
        max_value=25,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter the youngest age the setting takes",
            "invalid": "The youngest age must be a number, like 7",
            "min_value": "The youngest age must be 0 or more",
            "max_value": "The youngest age must be 25 or less",
        },
    )
    age_high = forms.IntegerField(
        label="Oldest",
        min_value=0,
        max_value=25,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter the oldest age the setting takes",
            "invalid": "The oldest age must be a number, like 19",
            "min_value": "The oldest age must be 0 or more",
            "max_value": "The oldest age must be 25 or less",
        },
    )
    sex = forms.ChoiceField(
        label="Who the setting takes",
        choices=Sex.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the setting takes"},
    )
    capacity = forms.IntegerField(
        label="Number of places (optional)",
        required=False,
        min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": "The number of places must be a whole number, like 40"},
    )
    vacancies = forms.IntegerField(
        label="Current vacancies",
        min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter the number of current vacancies, or 0",
            "invalid": "The number of vacancies must be a whole number, like 3",
            "min_value": "The number of vacancies must be 0 or more",
        },
    )
    provision = forms.MultipleChoiceField(
        label="Day or residential",
        choices=PROVISION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": "Select day, residential or both"},
    )
    weeks_offered = forms.TypedMultipleChoiceField(
        label="Weeks a year offered",
        choices=[(w, f"{w} weeks") for w in WEEKS_PER_YEAR],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": "Select the weeks a year the setting offers"},
    )
    needs = forms.MultipleChoiceField(
        label="Needs catered for",
        choices=NeedCode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Primary needs, as in the SEN2 return. Select all that apply.",
    )
    address = forms.CharField(label="Address (optional)", required=False, widget=forms.Textarea)
    postcode = CodeField(
        keep_spaces=True,
        label="Postcode",
        max_length=8,
        validators=[postcode_validator],
        error_messages={"required": "Enter the setting's postcode"},
    )

    def __init__(self, *args, is_new: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.submit_label = "Add setting" if is_new else "Save changes"
        self.helper.layout = Layout(
            Field.text("name"),
            Field.text("urn", field_width=Fixed.TEN, inputmode="numeric"),
            Field.text("ofsted_urn", field_width=Fixed.TEN),
            Field.select("establishment_type"),
            Fieldset(
                Field.text("age_low", field_width=Fixed.TWO),
                Field.text("age_high", field_width=Fixed.TWO),
                legend="Age range",
            ),
            Field.radios("sex", inline=True),
            Field.text("capacity", field_width=Fixed.FIVE),
            Field.text("vacancies", field_width=Fixed.FIVE),
            Field.checkboxes("provision"),
            Field.checkboxes("weeks_offered"),
            Field.checkboxes("needs", small=True),
            Field.textarea("address", rows=3),
            Field.text("postcode", field_width=Fixed.TEN, autocomplete="postal-code"),
            Submit("submit", self.submit_label),
        )

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("age_low"), cleaned.get("age_high")
        if low is not None and high is not None and high < low:
            self.add_error("age_high", "The oldest age must be the same as or above the youngest")
        return cleaned

    @staticmethod
    def initial_for(setting) -> dict:
        fields = [name for name in SettingForm.base_fields if name != "provision"]
        initial = {name: getattr(setting, name) for name in fields}
        initial["provision"] = [
            value
            for value, on in (
                ("day", setting.offers_day),
                ("residential", setting.offers_residential),
            )
            if on
        ]
        return initial

    def setting_fields(self) -> dict:
        """What the service saves: empty identifiers are None (they are unique when given)."""
        data = dict(self.cleaned_data)
        provision = data.pop("provision")
        data["offers_day"] = "day" in provision
        data["offers_residential"] = "residential" in provision
        data["urn"] = data["urn"] or None
        data["ofsted_urn"] = data["ofsted_urn"] or None
        return data


# --- Applications -------------------------------------------------------------------------------


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
