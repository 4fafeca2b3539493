"""Consortium admins run their DPSs; a dynamic market's conditions stay fixed in its term."""

import pytest
from django.urls import reverse

from providers.choices import LotKind
from providers.models import DynamicPurchasingSystem, Lot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]


def _form(dps, **changes):
    data = {
        "name": dps.name,
        "starts_on_0": dps.starts_on.day,
        "starts_on_1": dps.starts_on.month,
        "starts_on_2": dps.starts_on.year,
        "ends_on_0": dps.ends_on.day,
        "ends_on_1": dps.ends_on.month,
        "ends_on_2": dps.ends_on.year,
        "conditions_of_membership": dps.conditions_of_membership,
    }
    return {**data, **changes}


def test_an_admin_changes_a_dps_and_adds_a_lot(dps, admin_user, client_for):
    client = client_for(admin_user)
    assert dps.name in client.get(reverse("providers:dps_manage_list")).text
    url = reverse("providers:dps_manage", args=[dps.public_id])
    response = client.post(url, _form(dps, conditions_of_membership="Ofsted Good or better"))
    assert response.status_code == 302
    assert (
        DynamicPurchasingSystem.objects.get(pk=dps.pk).conditions_of_membership
        == "Ofsted Good or better"
    )

    Lot.objects.filter(dps=dps, kind=LotKind.THERAPIES).delete()  # one lot per category
    response = client.post(
        url, {"lot-number": 7, "lot-kind": LotKind.THERAPIES, "lot-name": "Speech therapy"}
    )
    assert response.status_code == 302
    assert Lot.objects.get(dps=dps, number=7).name == "Speech therapy"


def test_a_lot_number_already_used_is_refused_at_the_field(dps, admin_user, client_for):
    url = reverse("providers:dps_manage", args=[dps.public_id])
    response = client_for(admin_user).post(
        url, {"lot-number": 1, "lot-kind": LotKind.THERAPIES, "lot-name": "Duplicate"}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert not Lot.objects.filter(name="Duplicate").exists()


def test_a_dynamic_markets_conditions_cannot_change_in_its_term(dps, admin_user, client_for):
    market = DynamicPurchasingSystem.objects.get(strand__kind="care")
    url = reverse("providers:dps_manage", args=[market.public_id])
    page = client_for(admin_user).get(url).text
    assert "its conditions of membership are fixed" in page
    client_for(admin_user).post(url, _form(market, conditions_of_membership="Changed"))
    assert DynamicPurchasingSystem.objects.get(pk=market.pk).conditions_of_membership == ""


def test_only_consortium_admins_run_dpss(dps, alice, provider_alice, client_for, client):
    assert client_for(alice).get(reverse("providers:dps_manage_list")).status_code == 403
    client.force_login(provider_alice)
    assert client.get(reverse("providers:dps_manage", args=[dps.public_id])).status_code == 403
