"""Forms a provider's users fill in about their organisation and its settings, in GOV.UK style.
They check what a user typed; the services (providers.services) decide what may be saved."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fieldset, Fixed, Fluid, Layout, Submit
from django import forms

from kernel.forms import CodeField, GovukFormMixin

from ..choices import (
    COMMISSIONED_ESTABLISHMENT_TYPES,
    WEEKS_PER_YEAR,
    CarePlacementType,
    EstablishmentType,
    NeedCode,
    Sex,
)
from ..models import (
    MSG_SETTING_TYPE,
    Provider,
    charity_number_validator,
    companies_house_validator,
    postcode_validator,
    ppon_validator,
    ukprn_validator,
    urn_validator,
)
from ..selectors.common import company_number_registered
from ..services import COMPANY_FIELDS

MSG_COMPANY_REGISTERED = (
    "An organisation with this Companies House number is already registered. "
    "Ask the programme team to add you to it"
)
PROVISION_CHOICES = [("day", "Day"), ("residential", "Residential")]

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
    ppon = CodeField(
        label="Public Procurement Organisation Number (PPON) (optional)",
        required=False,
        max_length=14,
        help_text="Find a Tender gives it when you register there, like PABC-1234-DEFG.",
        validators=[ppon_validator],
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
            Field.text("ppon", field_width=Fixed.TWENTY),
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
    ukprn = CodeField(
        label="UKPRN (post-16 institutions)",
        required=False,
        max_length=8,
        help_text="The 8-digit UK Provider Reference Number, like 10012345.",
        validators=[ukprn_validator],
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
            Field.text("ukprn", field_width=Fixed.TEN, inputmode="numeric"),
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
