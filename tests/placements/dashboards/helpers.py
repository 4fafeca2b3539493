"""What the tests of the dashboards share: constants and helpers that build rows and read pages."""

from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from placements.choices import RequestStatus
from placements.dashboard import placements_dashboard_panel
from placements.models import Child, Placement, PlacementRequest, national_curriculum_year

SAVINGS, DEMAND = reverse("placements:savings"), reverse("placements:demand")


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def _born_in_year(nc_year: int):
    """A date of birth in national curriculum year `nc_year` today, by the model's own rule."""
    today = timezone.localdate()
    return next(
        today - timedelta(days=days)
        for days in range(365 * (nc_year + 4), 365 * (nc_year + 7), 10)
        if national_curriculum_year(today - timedelta(days=days), today) == nc_year
    )


def _child(borough, reference, **fields):
    values = {"date_of_birth": _born_in_year(8), "sex": "F", "home_postcode": "CR0 2AB"}
    return Child.objects.create(
        borough=borough, reference=reference, primary_need="SEMH", **{**values, **fields}
    )


def _placement(actor, child, setting, *, distance, agreed="1500.00", **fields):
    """A placement recorded directly: the services' journey is tested elsewhere."""
    lot = setting.enrolments.get().lot
    return Placement.objects.create(
        borough=child.borough,
        child=child,
        setting=setting,
        provider=setting.provider,
        lot=lot,
        weeks_per_year=38,
        starts_on=timezone.localdate() - timedelta(days=30),
        agreed_weekly=Decimal(agreed),
        ceiling_weekly=Decimal("1900.00"),
        distance_km=Decimal(distance) if distance is not None else None,
        created_by=actor,
        **fields,
    )


def _request(actor, child, lot, *, days_to_award=None, **fields):
    now, awarded = timezone.now(), days_to_award is not None
    values = {
        "status": RequestStatus.AWARDED if awarded else RequestStatus.OPEN,
        "opened_at": now - timedelta(days=days_to_award if awarded else 1),
        "decided_at": now if awarded else None,
        **fields,
    }
    return PlacementRequest.objects.create(
        borough=child.borough,
        child=child,
        strand=lot.dps.strand,
        lot=lot,
        required_start_on=timezone.localdate() + timedelta(days=60),
        needs_summary="Needs a small class.",
        created_by=actor,
        **values,
    )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        _page(client, url)
    return len(captured)


def _panel_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return placements_dashboard_panel(request)
