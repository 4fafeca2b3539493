"""A placement's expected charge for a billing period (ADR 17): the borough's council staff and
the placed provider read it; another borough or another provider gets 404.

?start=YYYY-MM-DD&end=YYYY-MM-DD picks a period; without them the page shows the borough's
billing period today, with links to the periods either side.
"""

from __future__ import annotations

from datetime import date

from django.urls import path, reverse
from django.utils.http import urlencode
from django.views.generic import TemplateView

from kernel.pages import PageMixin

from ..access import access_placement, is_borough_staff, is_provider_user
from ..billing import check_period, placement_charge
from ..charges import RULES
from ..terms import MONTHLY_RULE, TERMLY, TERMLY_RULE


def charges_url(placement, period: tuple[date, date] | None = None) -> str:
    url = reverse("placements:placement_charges", kwargs={"public_id": placement.public_id})
    if period is None:
        return url
    return f"{url}?{urlencode({'start': period[0].isoformat(), 'end': period[1].isoformat()})}"


def period_asked(params) -> tuple[tuple[date, date] | None, str]:
    """The period in the query string, else None with the reason it was not taken ("" if
    none was asked for)."""
    try:
        start, end = (params.get(k) or None for k in ("start", "end"))
        start = date.fromisoformat(start) if start else None
        end = date.fromisoformat(end) if end else None
        return check_period(start, end), ""
    except ValueError as error:
        message = str(error) if "period" in str(error) else "Enter dates like 2026-10-01"
        return None, message


class PlacementChargesView(PageMixin, TemplateView):
    template_name = "placements/placements/placement_charges.html"

    def allows(self, user) -> bool:
        self.for_provider = is_provider_user(user)
        return self.for_provider or is_borough_staff(user)

    def load(self, public_id) -> None:
        self.placement = access_placement(self.request.user, public_id, what="charges")

    def get_context_data(self, **kwargs):
        placement = self.placement
        period, period_error = period_asked(self.request.GET)
        shown = placement_charge(placement=placement, period=period)
        name = "provider_placement_detail" if self.for_provider else "placement_detail"
        return super().get_context_data(
            placement=placement,
            shown=shown,
            charge=shown.charge,
            period_error=period_error,
            placement_url=reverse(f"placements:{name}", kwargs={"public_id": placement.public_id}),
            previous_url=charges_url(placement, shown.previous),
            following_url=charges_url(placement, shown.following),
            current_url=charges_url(placement),
            rules=RULES,
            period_rule=TERMLY_RULE if shown.frequency == TERMLY else MONTHLY_RULE,
            **kwargs,
        )


urlpatterns = [
    path("<uuid:public_id>/charges/", PlacementChargesView.as_view(), name="placement_charges"),
]
