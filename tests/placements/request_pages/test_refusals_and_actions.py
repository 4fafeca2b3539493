"""A request's and an invitation's refusals answer the same on their pages as in the API
(kernel.refusals), and their pages offer exactly the actions the state machines give the user
(kernel.workflow)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from placements import services
from placements.choices import RequestStatus
from placements.models import RequestEvent, RequestInvitation
from placements.views.invitations import actions_for
from placements.views.requests import request_actions

from ..fixtures import offer_fields

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]

API = "/api/v1/placements"
REQUEST_BUTTONS = {
    "invite": "Find matching settings</a>",
    "edit": "Change the request</a>",
    "evaluate": "Evaluate offers</a>",
    "close": "Close offers and evaluate</button>",
    "cancel": "Cancel request</a>",
}
INVITATION_PAGES = {
    "offer": "offer_form",
    "decline": "invitation_decline",
    "withdraw": "offer_withdraw",
    "question": "question_ask",
}


def url(name: str, obj) -> str:
    return reverse(f"placements:{name}", kwargs={"public_id": obj.public_id})


def test_closing_a_request_twice_is_409_on_the_page_and_in_the_api(
    client_for, api_for, alice, evaluating_request
):
    page = client_for(alice).post(url("request_close", evaluating_request))
    api = api_for(alice).post(f"{API}/requests/{evaluating_request.public_id}/close/")

    assert (page.status_code, api.status_code) == (409, 409)
    message = "This cannot be done while the request is evaluating offers"
    assert message in page.text
    assert api.json() == {"detail": message}
    assert RequestEvent.objects.filter(to_status=RequestStatus.EVALUATING).count() == 1


def test_an_analyst_closing_a_request_is_403_on_the_page_and_in_the_api(
    client_for, api_for, croydon_analyst, open_request
):
    page = client_for(croydon_analyst).post(url("request_close", open_request))
    api = api_for(croydon_analyst).post(f"{API}/requests/{open_request.public_id}/close/")

    assert (page.status_code, api.status_code) == (403, 403)
    open_request.refresh_from_db()
    assert open_request.status == RequestStatus.OPEN


def test_declining_twice_is_409_on_the_page_and_in_the_api(
    client_for, api_for, pat, near_invitation
):
    decline = {"reason": "no_capacity"}
    assert (
        client_for(pat).post(url("invitation_decline", near_invitation), decline).status_code == 302
    )
    page = client_for(pat).post(url("invitation_decline", near_invitation), decline)
    api = api_for(pat).post(
        f"{API}/invitations/{near_invitation.public_id}/decline/", decline, format="json"
    )

    assert (page.status_code, api.status_code) == (409, 409)
    assert api.json()["detail"] in page.text
    assert f'href="{url("invitation_detail", near_invitation)}"' in page.text


def test_the_request_page_offers_exactly_the_actions_the_machine_allows(
    client_for, alice, croydon_analyst, draft_request, near_setting, far_setting, emails
):
    request = draft_request
    seen = {}
    for step in (RequestStatus.DRAFT, RequestStatus.OPEN, RequestStatus.EVALUATING):
        if step == RequestStatus.OPEN:
            with emails():
                services.request_invite(
                    actor=alice,
                    placement_request=request,
                    setting_ids=[near_setting.pk, far_setting.pk],
                )
        elif step == RequestStatus.EVALUATING:
            services.request_close(actor=alice, placement_request=request)
        request.refresh_from_db()
        assert request.status == step
        for user in (alice, croydon_analyst):
            page = client_for(user).get(url("request_detail", request)).text
            shown = {name for name, button in REQUEST_BUTTONS.items() if button in page}
            assert shown == request_actions(user, request)
        seen[step] = request_actions(alice, request)
        assert request_actions(croydon_analyst, request) == frozenset()  # reads, never acts

    assert seen == {
        RequestStatus.DRAFT: {"invite", "edit", "cancel"},
        RequestStatus.OPEN: {"invite", "close", "cancel"},
        RequestStatus.EVALUATING: {"evaluate", "cancel"},
    }


def test_the_invitation_page_offers_exactly_the_answers_the_machine_allows(
    client_for, pat, open_request, near_invitation, emails
):
    invitation = near_invitation
    seen = []
    for answer in ("invited", "offered", "withdrawn"):
        if answer == "offered":
            with emails():
                services.offer_submit(actor=pat, invitation=invitation, **offer_fields("1400.00"))
        elif answer == "withdrawn":
            services.offer_withdraw(actor=pat, invitation=invitation, reason="Full")
        invitation = RequestInvitation.objects.get(pk=invitation.pk)
        page = client_for(pat).get(url("invitation_detail", invitation)).text
        shown = {
            name
            for name, page_name in INVITATION_PAGES.items()
            if url(page_name, invitation) in page
        }
        assert shown == actions_for(pat, invitation)
        seen.append(shown)

    assert seen == [
        {"offer", "decline", "question"},
        {"offer", "withdraw", "question"},
        set(),
    ]
