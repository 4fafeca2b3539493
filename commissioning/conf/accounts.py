"""Sign-in: Django's password rules, allauth's forms in GOV.UK wording (visible labels, sentence
case, one-time code inputs), its rate limits and single sign-on with Microsoft Entra ID (ADR 8).
settings.py reads the environment and passes the values in."""

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

ACCOUNT_FORMS = {
    "login": "boroughs.forms.accounts.LoginForm",
    "signup": "boroughs.forms.accounts.SignupForm",
    "reset_password": "boroughs.forms.accounts.ResetPasswordForm",
    "reset_password_from_key": "boroughs.forms.accounts.ResetPasswordKeyForm",
    "change_password": "boroughs.forms.accounts.ChangePasswordForm",
    "reauthenticate": "boroughs.forms.accounts.ReauthenticateAccountForm",
}

MFA_FORMS = {
    "authenticate": "boroughs.forms.accounts.AuthenticateForm",
    "reauthenticate": "boroughs.forms.accounts.ReauthenticateForm",
    "activate_totp": "boroughs.forms.accounts.ActivateTOTPForm",
}


def rate_limits(*, login_failed: str) -> dict:
    """allauth's defaults already limit failed logins per IP and per account; stated here so the
    limits are visible and tunable in one place."""
    return {
        "login_failed": login_failed,
        "login": "30/m/ip",
        "reset_password": "20/m/ip,5/m/key",
        "reset_password_from_key": "20/m/ip",
    }


def entra_providers(*, client_id: str, secret: str, login_url: str, graph_url: str) -> dict:
    """SOCIALACCOUNT_PROVIDERS: Microsoft Entra ID when a client id is set, else no app."""
    return {
        "microsoft": {
            "APPS": [
                {
                    "client_id": client_id,
                    "secret": secret,
                    "settings": {
                        # Any organisation's tenant may start a sign-in; the adapter admits only
                        # the tenants recorded on the boroughs.
                        "tenant": "organizations",
                        "login_url": login_url,
                        "graph_url": graph_url,
                    },
                }
            ]
            if client_id
            else [],
        }
    }
