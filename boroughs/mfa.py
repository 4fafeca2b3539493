"""Whether a user has met the second-factor rule for council staff."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled

MSG_MFA_REQUIRED = "Set up two-factor authentication before you use the portal"


def mfa_satisfied(user) -> bool:
    """True unless the user must use MFA and has no authenticator app yet.

    Every way to sign in goes through allauth (the admin login included), and allauth asks for
    the code whenever an authenticator exists, so a signed-in user with one has passed it.
    """
    if not user.is_authenticated or not user.mfa_required:
        return True
    return is_mfa_enabled(user, [Authenticator.Type.TOTP])
