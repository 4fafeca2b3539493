"""API permissions shared by every app."""

from rest_framework.permissions import BasePermission

from ..mfa import MSG_MFA_REQUIRED, mfa_satisfied


class MfaSatisfied(BasePermission):
    """Council staff reach no data through the API until they have set up MFA."""

    message = MSG_MFA_REQUIRED

    def has_permission(self, request, view) -> bool:
        return mfa_satisfied(request.user)


class HasRole(BasePermission):
    """Allows the view's `required_roles` (any one of them) for unsafe methods or all methods."""

    def has_permission(self, request, view) -> bool:
        roles = getattr(view, "required_roles", ())
        return not roles or request.user.has_role(*roles)
