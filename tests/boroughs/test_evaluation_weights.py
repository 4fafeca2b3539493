"""The consortium admins set how offers are weighed: quality against price."""

import pytest
from django.urls import reverse

from boroughs.models import Consortium
from placements import services
from placements.evaluation import evaluation_sheet

pytestmark = pytest.mark.django_db


def test_a_consortium_admin_sets_the_quality_weight(client_for, admin_user, consortium):
    client = client_for(admin_user)
    page = client.get(reverse("evaluation_weights"))
    assert page.status_code == 200
    assert 'value="60"' in page.text
    response = client.post(reverse("evaluation_weights"), {"quality_weight": "70"})
    assert response.status_code == 302
    consortium.refresh_from_db()
    assert (consortium.quality_weight, consortium.price_weight) == (70, 30)


def test_a_weight_over_100_is_refused_at_the_field(client_for, admin_user, consortium):
    response = client_for(admin_user).post(reverse("evaluation_weights"), {"quality_weight": "120"})
    assert response.status_code == 200
    assert "Enter a quality weight from 0 to 100" in response.text
    assert Consortium.objects.get(pk=consortium.pk).quality_weight == 60


@pytest.mark.parametrize("who", ["alice", "lead_analyst", "provider_user"])
def test_nobody_else_may_change_the_weights(who, request, client_for, consortium):
    client = client_for(request.getfixturevalue(who))
    response = client.post(reverse("evaluation_weights"), {"quality_weight": "10"})
    assert response.status_code == 403
    assert Consortium.objects.get(pk=consortium.pk).quality_weight == 60


def totals(placement_request) -> dict[str, str]:
    sheet = evaluation_sheet(placement_request)
    return {row["setting_name"]: row["total_score"] for row in sheet["rows"]}


def test_the_weights_change_the_evaluation(client_for, admin_user, alice, evaluating_request):
    for invitation in evaluating_request.invitations.all():
        services.offer_rate(actor=alice, offer=invitation.offer, needs_fit=4)
    before = totals(evaluating_request)
    client_for(admin_user).post(reverse("evaluation_weights"), {"quality_weight": "0"})
    evaluating_request.borough.consortium.refresh_from_db()
    after = totals(evaluating_request)
    assert after != before
    assert after["Bright Futures School"] == "100.0"  # the cheapest offer, scored on price alone
