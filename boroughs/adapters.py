"""allauth adapter: who may sign up, and when a second password prompt is needed."""

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings

MSG_SIGN_IN_REFUSED = "Enter the email address and password for your account"
MSG_CODE_REFUSED = "The code is not right. Enter the code your authenticator app shows now"


class AccountAdapter(DefaultAccountAdapter):
    # GOV.UK error messages say what to do, in the portal's words.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": MSG_SIGN_IN_REFUSED,
    }

    def is_open_for_signup(self, request) -> bool:
        # Council staff join by invitation; public sign-up opens for providers with the DPS.
        return settings.PORTAL_OPEN_SIGNUP

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """No second password prompt for setting up a first authenticator right after sign-in.

        Staff must set up MFA at their first sign-in (or straight after accepting an
        invitation); asking for the password they typed seconds ago would only get in the way.
        Changing an existing authenticator still asks for reauthentication.
        """
        required = super().is_reauthentication_required(app=app, **kwargs)
        request = context.request
        if not required or app != "allauth.mfa" or request is None:
            return required
        user = request.user
        if not user.is_authenticated or is_mfa_enabled(user):
            return required
        fresh_after = time.time() - account_settings.REAUTHENTICATION_TIMEOUT
        records = get_authentication_records(request, user)
        return not any(record["at"] >= fresh_after for record in records)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {**DefaultMFAAdapter.error_messages, "incorrect_code": MSG_CODE_REFUSED}
