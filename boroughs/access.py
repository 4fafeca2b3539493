"""The only ways to reach borough-owned rows from a request.

`ScopedViewMixin` (pages) and `ScopedViewSetMixin` (API, in kernel.api.base) build every queryset
with `for_user`, so another tenant's object is never in it: fetching one by id answers 404,
exactly as for a row that does not exist. `access_*` functions do the same for code that
fetches one object by its public id.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Borough, Invitation, User


class ScopedViewMixin(LoginRequiredMixin):
    """For Django's generic views: the model's rows that the signed-in user may see."""

    model: type

    def get_queryset(self):
        return self.model._default_manager.for_user(self.request.user)


class RoleRequiredMixin(LoginRequiredMixin):
    """Refuses (403) a signed-in user who holds none of `required_roles`."""

    required_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_role(*self.required_roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def access_borough(actor: User, ons_code: str) -> Borough:
    """The borough with this ONS code if the actor may see it; 404 whether missing or not theirs."""
    return get_object_or_404(Borough.objects.for_user(actor), ons_code=ons_code)


def access_user(actor: User, public_id) -> User:
    """The user with this public id if the actor may see them; 404 whether missing or not theirs."""
    return get_object_or_404(User.objects.for_user(actor), public_id=public_id)


def access_staff_invitation(actor: User, public_id) -> Invitation:
    """A staff invitation the actor may see (their consortium's, for its admins); else 404."""
    return get_object_or_404(
        Invitation.objects.for_user(actor).select_related("borough"), public_id=public_id
    )
