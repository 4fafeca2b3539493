"""Boroughs' forms (invitations, evaluation weights), in GOV.UK style (kernel.forms)."""

from crispy_forms_gds.layout import Field, Fluid, Layout, Submit
from django import forms
from django.contrib.auth import password_validation

from kernel.forms import GovukFormMixin

from .choices import BOROUGH_STAFF_ROLES, Role
from .models import Borough


class InvitationForm(GovukFormMixin, forms.Form):
    submit_label = "Send invitation"

    email = forms.EmailField(
        label="Email address",
        help_text="Their council email address. We will send them a link to set a password.",
        error_messages={
            "required": "Enter an email address",
            "invalid": ("Enter an email address in the correct format, like name@example.gov.uk"),
        },
    )
    borough = forms.ModelChoiceField(
        queryset=Borough.objects.none(),
        label="Borough",
        empty_label="Select a borough",
        to_field_name="ons_code",
        error_messages={"required": "Select a borough", "invalid_choice": "Select a borough"},
    )
    role = forms.ChoiceField(
        label="Role",
        choices=[(r.value, r.label) for r in Role if r in BOROUGH_STAFF_ROLES],
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role", "invalid_choice": "Select a role"},
    )

    def __init__(self, *args, boroughs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["borough"].queryset = boroughs
        self.helper.layout = Layout(
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.select("borough"),
            Field.radios("role"),
            Submit("submit", self.submit_label),
        )


class AcceptInvitationForm(GovukFormMixin, forms.Form):
    submit_label = "Create account"

    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter your full name"}
    )
    password1 = forms.CharField(
        label="Create a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Use at least 12 characters. Avoid common words and passwords.",
        error_messages={"required": "Enter a password"},
    )
    password2 = forms.CharField(
        label="Confirm your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Confirm your password"},
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.helper.layout = Layout(
            Field.text("full_name", autocomplete="name"),
            Field.text("password1", field_width=Fluid.TWO_THIRDS),
            Field.text("password2", field_width=Fluid.TWO_THIRDS),
            Submit("submit", self.submit_label),
        )

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The passwords do not match")
        elif first:
            from .models import User

            probe = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(first, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class EvaluationWeightsForm(GovukFormMixin, forms.Form):
    submit_label = "Save the weights"

    quality_weight = forms.IntegerField(
        label="How much does quality count, as a percentage?",
        help_text="Price counts for the rest. 60 gives the common 60/40 quality/price split.",
        min_value=0,
        max_value=100,
        error_messages={
            "required": "Enter a quality weight from 0 to 100",
            "invalid": "Enter a quality weight as a whole number, like 60",
            "min_value": "Enter a quality weight from 0 to 100",
            "max_value": "Enter a quality weight from 0 to 100",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("quality_weight", field_width=Fluid.ONE_QUARTER),
            Submit("submit", self.submit_label),
        )
