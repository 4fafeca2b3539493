"""The consortium's tolerance (its admins) and the borough's cost centres (its commissioners)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from placements import services
from placements.choices import MatchKind
from placements.models import BillingSettings, CostCentre

from .helpers import month_of, submit

pytestmark = pytest.mark.django_db


def test_the_consortium_admin_sets_the_tolerance_and_new_invoices_use_it(
    client_for, admin_user, alice, pat, placement, charges_engine
):
    url = reverse("placements:billing_settings")
    assert client_for(alice).get(url).status_code == 403
    response = client_for(admin_user).post(
        url, {"tolerance_pounds": "2.50", "tolerance_percent": ""}
    )
    assert response.status_code == 302
    assert BillingSettings.objects.get().tolerance_pounds == Decimal("2.50")
    invoice = submit(pat, placement, charges_engine, plus=Decimal("2.00"))
    assert invoice.match_kind == MatchKind.WITHIN_TOLERANCE


def test_the_commissioner_sets_cost_centres_and_the_export_carries_them(
    client_for, alice, pat, placement, charges_engine
):
    url = reverse("placements:cost_centres")
    page = client_for(alice).get(url)
    assert page.status_code == 200
    lot_field = f"lot_{placement.lot_id}"
    response = client_for(alice).post(url, {"default": "CC-100", lot_field: "CC-SEND-DAY"})
    assert response.status_code == 302
    codes = dict(CostCentre.objects.values_list("lot_id", "code"))
    assert codes == {None: "CC-100", placement.lot_id: "CC-SEND-DAY"}
    invoice = submit(pat, placement, charges_engine)
    services.invoice_approve(actor=alice, invoice=invoice)
    from placements.services.invoice_export import invoices_export

    start, end = month_of(placement)
    rows = invoices_export(actor=alice, borough=placement.borough, period_from=start, period_to=end)
    assert {row[7] for row in rows} == {"CC-SEND-DAY"}


def test_another_borough_cannot_export_croydons_invoices(charlie, placement):
    from kernel.errors import NotAllowed
    from placements.services.invoice_export import invoices_export

    start, end = month_of(placement)
    with pytest.raises(NotAllowed):
        invoices_export(actor=charlie, borough=placement.borough, period_from=start, period_to=end)
