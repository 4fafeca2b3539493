"""What every placements page shares: who may see it (kernel.pages) and how a form reaches a
service (kernel.formviews).

Council staff read their borough's pages (consortium-wide roles read every borough's); only a
borough's commissioners write. Providers have pages of their own and get 403 on council pages
(and council staff on theirs). Objects come through placements.access, so another tenant's row
is a 404.
"""

from __future__ import annotations

from django.views.generic import FormView

from kernel.formviews import ServiceFormMixin
from kernel.pages import PageMixin

from ..access import is_borough_staff, is_commissioner, is_provider_user


class StaffPageMixin(PageMixin):
    """Council staff only (403 for providers); `commissioner_only` pages also refuse analysts."""

    commissioner_only = False

    def allows(self, user) -> bool:
        return is_commissioner(user) if self.commissioner_only else is_borough_staff(user)


class ProviderPageMixin(PageMixin):
    """A provider organisation's own users only (403 for council staff and others)."""

    def allows(self, user) -> bool:
        return is_provider_user(user)


class StaffFormView(StaffPageMixin, ServiceFormMixin, FormView):
    commissioner_only = True


class ProviderFormView(ProviderPageMixin, ServiceFormMixin, FormView):
    pass
