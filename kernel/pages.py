"""The base of every app's page mixins: who may see a page, then the page's objects.

A page answers an anonymous user with the sign-in page, a signed-in user it does not `allow`
with 403, and only then fetches its objects (`load`, through the app's `access_*` functions, so
another tenant's object is a 404). Each app says who its pages are for by overriding `allows`.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied


class PageMixin(LoginRequiredMixin):
    """Signed-in users whom `allows` lets in (403 for the rest); then `load` runs."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return self.handle_no_permission()
        if not self.allows(user):
            raise PermissionDenied
        self.load(**kwargs)
        if not self.allows_loaded(user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def allows(self, user) -> bool:
        """Whether this user may see the page at all (before any object is fetched)."""
        return True

    def load(self, **kwargs) -> None:
        """Fetch the page's objects through an access_* function (404 if not the user's)."""

    def allows_loaded(self, user) -> bool:
        """Whether this user, who may see the objects `load` fetched, may use this page on them
        (403 if not: a colleague may read a placement's targets but not change them)."""
        return True
