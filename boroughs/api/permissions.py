"""API permissions shared by every app."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from .. import policy
from ..mfa import MSG_MFA_REQUIRED, mfa_satisfied


class MfaSatisfied(BasePermission):
    """Council staff and providers reach no data through the API until they have set up MFA."""

    message = MSG_MFA_REQUIRED

    def has_permission(self, request, view) -> bool:
        return mfa_satisfied(request.user)


class HasRole(BasePermission):
    """Allows the view's `required_roles` (any one of them) for unsafe methods or all methods."""

    def has_permission(self, request, view) -> bool:
        roles = getattr(view, "required_roles", ())
        return not roles or policy.actor_of(request.user).has_role(*roles)


class ActionAllowed(BasePermission):
    """Every write asks the policy (boroughs.policy) before its body is read.

    A viewset names the permission of each write action in `action_rules` (`create`,
    `partial_update`, its own actions such as `accredit`); the same permission its service
    requires, so the API and the page obey one rule. A write the viewset names no rule for is
    refused: new actions fail closed until someone says who may take them. An action on one
    object is asked again with the object once it is found (a 404 comes first for an object
    the user may not see), so the refusal (403) always comes before any validation error.
    """

    message = policy.MSG_NOT_ALLOWED

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        if not hasattr(view, request.method.lower()):
            return True  # a method the route does not answer: DRF's 405 follows
        rule = self._rule(view)
        if rule is None:
            return False
        if getattr(view, "detail", False):
            return True  # asked with the object, in has_object_permission
        return self._may(request, rule)

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        rule = self._rule(view)
        return rule is not None and self._may(request, rule, obj)

    def _may(self, request, rule: str, obj=None) -> bool:
        if policy.may(request.user, rule, obj):
            return True
        self.message = policy.message_for(rule)
        return False

    @staticmethod
    def _rule(view) -> str | None:
        return getattr(view, "action_rules", {}).get(getattr(view, "action", None))
