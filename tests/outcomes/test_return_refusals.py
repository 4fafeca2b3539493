"""A termly return's refusals answer the same on its pages as in the API (kernel.refusals), and
its page offers exactly the decisions its state machine gives the user (kernel.workflow)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from outcomes.choices import ReturnStatus
from outcomes.models import TermlyReturn
from outcomes.services import framework as framework_services
from outcomes.services import returns as services
from outcomes.views.returns import return_actions

from .test_returns_helpers import placed_since, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_award_chain")]

API = "/api/v1/outcomes"
BUTTONS = {
    "accept": "Accept the return",
    "query": "Query the return",
    "correct": "Correct the return",
    "submit": "Submit the return",
}


@pytest.fixture
def made(placement, pat, targets, terms):
    return submit(pat, placed_since(placement), terms[0], targets, 0, 3)


def url(name: str, termly_return) -> str:
    return reverse(f"outcomes:{name}", kwargs={"public_id": termly_return.public_id})


def test_accepting_a_return_twice_is_409_on_the_page_and_in_the_api(
    client_for, api_for, alice, made
):
    page = client_for(alice)
    assert page.post(url("return_accept", made), {"note": ""}).status_code == 302
    again = page.post(url("return_accept", made), {"note": ""})
    api_again = api_for(alice).post(f"{API}/returns/{made.public_id}/accept/", {})

    assert (again.status_code, api_again.status_code) == (409, 409)
    message = "This cannot be done while the return is accepted"
    assert message in again.text
    assert api_again.json() == {"detail": message}
    assert f'href="{url("return_detail", made)}"' in again.text  # back to the return
    assert made.events.filter(to_status=ReturnStatus.ACCEPTED).count() == 1


def test_a_provider_deciding_its_own_return_is_403_on_the_page_and_in_the_api(
    client_for, api_for, pat, made
):
    page = client_for(pat).post(url("return_accept", made), {"note": ""})
    api = api_for(pat).post(f"{API}/returns/{made.public_id}/accept/", {})

    assert (page.status_code, api.status_code) == (403, 403)
    assert TermlyReturn.objects.get(pk=made.pk).status == ReturnStatus.SUBMITTED


@pytest.mark.parametrize("status", [ReturnStatus.SUBMITTED, ReturnStatus.QUERIED])
def test_the_return_page_offers_exactly_the_actions_the_machine_allows(
    client_for, alice, pat, made, status
):
    if status == ReturnStatus.QUERIED:
        services.return_query(actor=alice, termly_return=made, reason="Travel is too high")
    made.refresh_from_db()
    for user, for_provider in ((alice, False), (pat, True)):
        offered = return_actions(user, made, for_provider=for_provider)
        page = client_for(user).get(url("return_detail", made)).text
        shown = {name for name, button in BUTTONS.items() if button in page}
        assert shown == offered
    commissioner = return_actions(alice, made, for_provider=False)
    provider = return_actions(pat, made, for_provider=True)
    if status == ReturnStatus.SUBMITTED:
        assert (commissioner, provider) == ({"accept", "query"}, frozenset())
    else:
        assert (commissioner, provider) == (frozenset(), {"correct"})


def test_the_403_page_says_why_as_the_api_does(client_for, api_for, alice, admin_user, framework):
    draft = framework_services.framework_version_create(
        actor=admin_user, consortium=framework.consortium
    )
    page = client_for(alice).post(reverse("outcomes:framework_agree", args=[draft.public_id]))
    api = api_for(alice).post(f"{API}/frameworks/{draft.public_id}/agree/")

    assert (page.status_code, api.status_code) == (403, 403)
    assert framework_services.MSG_ADMIN_ONLY in page.text
    assert api.json() == {"detail": framework_services.MSG_ADMIN_ONLY}
