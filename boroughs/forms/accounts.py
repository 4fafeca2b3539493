"""allauth's sign-in, sign-up, password and one-time code forms in GOV.UK wording.

allauth's own forms use placeholders for labels, title case ("Remember Me") and Django's
"This field is required."; the Design System asks for a visible label, sentence case and an
error that says what to do. Registered through ACCOUNT_FORMS and MFA_FORMS.
"""

from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms

ENTER_EMAIL = "Enter your email address"
ENTER_PASSWORD = "Enter your password"  # noqa: S105 (an error message)
ENTER_CODE = "Enter the code from your authenticator app"
CHOOSING_HINT = (
    "Use at least 12 characters. Do not use a common password, only numbers, "
    "or something close to your email address."
)

# What a one-time code input needs: phones offer the code from a text or app, show the number
# pad and do not "correct" the digits (GOV.UK's pattern for security codes).
ONE_TIME_CODE_ATTRS = {
    "autocomplete": "one-time-code",
    "inputmode": "numeric",
    "spellcheck": "false",
    "autocapitalize": "off",
    "class": "govuk-input--width-10",
}


def _email_input(field, *, label="Email address") -> None:
    field.label = label
    field.widget.input_type = "email"
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs.update({"spellcheck": "false", "autocomplete": "email"})
    field.error_messages["required"] = ENTER_EMAIL


def _password_input(field, *, label, required=ENTER_PASSWORD, hint="") -> None:
    field.label = label
    field.help_text = hint
    field.widget.attrs.pop("placeholder", None)
    field.error_messages["required"] = required


def _code_input(field, *, label, hint) -> None:
    field.label = label
    field.help_text = hint
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs.update(ONE_TIME_CODE_ATTRS)
    field.error_messages["required"] = ENTER_CODE


class LoginForm(account_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _email_input(self.fields["login"])
        _password_input(self.fields["password"], label="Password")
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me signed in on this device"


class SignupForm(account_forms.SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _email_input(self.fields["email"])
        self.fields["email"].help_text = "Use your organisation's email address."
        _password_input(
            self.fields["password1"],
            label="Create a password",
            required="Create a password",
            hint=CHOOSING_HINT,
        )
        if "password2" in self.fields:
            _password_input(
                self.fields["password2"],
                label="Confirm your password",
                required="Confirm your password",
            )


def _new_password_inputs(fields) -> None:
    """A new password and its confirmation, as the reset and the change forms both ask them."""
    _password_input(
        fields["password1"],
        label="New password",
        required="Enter a new password",
        hint=CHOOSING_HINT,
    )
    _password_input(
        fields["password2"],
        label="Confirm your new password",
        required="Confirm your new password",
    )


class ResetPasswordForm(account_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _email_input(self.fields["email"])


class ResetPasswordKeyForm(account_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _new_password_inputs(self.fields)


class ChangePasswordForm(account_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _password_input(self.fields["oldpassword"], label="Current password")
        _new_password_inputs(self.fields)


class ReauthenticateAccountForm(account_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _password_input(self.fields["password"], label="Password")


class AuthenticateForm(mfa_forms.AuthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_input(
            self.fields["code"],
            label="Code",
            hint="The 6-digit code shown in your authenticator app, or one of your recovery codes.",
        )


class ReauthenticateForm(mfa_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_input(
            self.fields["code"],
            label="Code",
            hint="The 6-digit code shown in your authenticator app.",
        )


class ActivateTOTPForm(totp_forms.ActivateTOTPForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_input(
            self.fields["code"],
            label="Authenticator code",
            hint="The 6-digit code your authenticator app shows after you add this account.",
        )
