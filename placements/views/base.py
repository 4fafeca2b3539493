"""What every placements page shares: who may see it, how a form reaches a service
(boroughs.formviews), and how long a list page is.

Council staff read their borough's pages (consortium-wide roles read every borough's); only a
borough's commissioners write. Providers have pages of their own and get 403 on council pages
(and council staff on theirs). Objects come through placements.access, so another tenant's row
is a 404.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.views.generic import FormView

from boroughs.formviews import ServiceFormMixin

from ..access import is_borough_staff, is_commissioner, is_provider_user


class StaffPageMixin(LoginRequiredMixin):
    """Council staff only (403 for providers); `commissioner_only` pages also refuse analysts."""

    commissioner_only = False

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return self.handle_no_permission()
        allowed = is_commissioner(user) if self.commissioner_only else is_borough_staff(user)
        if not allowed:
            raise PermissionDenied
        self.load(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load(self, **kwargs) -> None:
        """Fetch the page's objects (through placements.access) once the user may see the page."""


class ProviderPageMixin(LoginRequiredMixin):
    """A provider organisation's own users only (403 for council staff and others)."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return self.handle_no_permission()
        if not is_provider_user(user):
            raise PermissionDenied
        self.load(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load(self, **kwargs) -> None:
        """Fetch the page's objects (through placements.access)."""


PAGE_SIZE = 25  # rows a list page shows: a screenful of a wide table


def paginate(request, rows, size: int = PAGE_SIZE, *, count: int | None = None) -> Page:
    """One page of a list (?page=): a list page's cost must not grow with the rows it has.

    `count`, when the caller already knows how many rows there are (a cached total), saves the
    COUNT(*) over them, the costliest query of a long list.
    """
    paginator = Paginator(rows, size)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached_property: this is its cached value
    return paginator.get_page(request.GET.get("page"))


class StaffFormView(StaffPageMixin, ServiceFormMixin, FormView):
    commissioner_only = True


class ProviderFormView(ProviderPageMixin, ServiceFormMixin, FormView):
    pass
