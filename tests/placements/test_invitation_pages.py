"""Providers' pages for answering placement requests: what they see, and what they can do.

A provider sees the child's needs and never who the child is; another provider's invitation is
a 404, council staff get 403, and every answer goes through the services.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from placements import services
from placements.models import Offer, OfferQuestion, RequestInvitation

from .fixtures import request_fields

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]

ANSWER_PAGES = ("offer_form", "invitation_decline", "offer_withdraw", "question_ask")
# The child's identity, in every form a page might show it.
IDENTITY = ("Sam Example", "CR-0042", "CR0 1AA", "14 March 2016", "2016-03-14", "14/03/2016")


def url(name: str, invitation: RequestInvitation) -> str:
    return reverse(f"placements:{name}", kwargs={"public_id": invitation.public_id})


def date_parts(name: str, day) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def offer_post(education: str = "1,400", **overrides) -> dict:
    start = timezone.localdate() + timedelta(days=60)
    return {
        "education": education,
        "care": "",
        "therapies": "£120",
        "one_to_one": "",
        "transport": "",
        "other": "",
        "weeks_per_year": "38",
        **date_parts("proposed_start_on", start),
        "conditions": "",
        "confirm": "yes",  # as sent from the check-your-answers page
        **overrides,
    }


# --- What a provider sees ---------------------------------------------------------------------


def test_a_provider_sees_the_needs_of_a_request_but_never_who_the_child_is(
    client_for, pat, near_invitation
):
    page = client_for(pat).get(url("invitation_detail", near_invitation))

    assert page.status_code == 200
    text = page.content.decode()
    assert "Autistic; needs a small class and a predictable routine." in text
    assert "Can leave the classroom when anxious." in text
    assert "Verbal; uses a visual timetable." in text
    assert "CR0" in text
    for identity in IDENTITY:
        assert identity not in text


def test_the_boroughs_budget_ceiling_is_not_shown_to_providers(client_for, pat, near_invitation):
    text = client_for(pat).get(url("invitation_detail", near_invitation)).content.decode()

    assert "£1,800.00" not in text  # the request's budget ceiling
    assert "£1,650.50" in text  # the provider's own DPS ceiling rate


def test_the_list_shows_the_providers_invitations_awaiting_a_response(
    client_for, pat, near_invitation, far_invitation
):
    page = client_for(pat).get(reverse("placements:invitation_list"))

    sections = {key: invitations for key, _, invitations, _ in page.context["sections"]}
    assert sections["awaiting"] == [near_invitation]
    assert sections["answered"] == sections["closed"] == []
    text = page.content.decode()
    assert near_invitation.request.reference in text
    assert "Bright Futures School" in text
    assert "Other Schools Sutton" not in text
    for identity in IDENTITY:
        assert identity not in text


def test_answered_and_closed_invitations_are_listed_apart(client_for, pat, olly, placement):
    mine = client_for(pat).get(reverse("placements:invitation_list")).context["sections"]
    theirs = client_for(olly).get(reverse("placements:invitation_list")).context["sections"]

    assert [len(invitations) for _, _, invitations, _ in mine] == [0, 0, 1]
    assert [len(invitations) for _, _, invitations, _ in theirs] == [0, 0, 1]


def test_an_offer_waiting_for_evaluation_is_listed_as_answered(client_for, pat, offered_request):
    sections = client_for(pat).get(reverse("placements:invitation_list")).context["sections"]

    assert [heading for _, heading, invitations, _ in sections if invitations] == ["Answered"]


def test_open_invitations_come_closing_soonest_first(
    client_for, pat, alice, child, send_day_lot, near_setting, open_request, emails
):
    from datetime import timedelta

    from django.utils import timezone

    from placements import services

    sooner = services.request_create(
        actor=alice,
        child=child,
        **request_fields(send_day_lot, response_deadline=timezone.localdate() + timedelta(days=2)),
    )
    with emails():
        services.request_invite(
            actor=alice, placement_request=sooner, setting_ids=[near_setting.pk]
        )
    sections = client_for(pat).get(reverse("placements:invitation_list")).context["sections"]
    awaiting = dict((key, rows) for key, _, rows, _ in sections)["awaiting"]
    assert [invitation.request for invitation in awaiting] == [sooner, open_request]


def test_invitations_of_a_draft_request_never_show(
    client_for, pat, alice, draft_request, near_setting, bright_futures
):
    hidden = RequestInvitation.objects.create(
        request=draft_request, setting=near_setting, provider=bright_futures[0], invited_by=alice
    )
    client = client_for(pat)

    listed = client.get(reverse("placements:invitation_list"))
    assert draft_request.reference not in listed.content.decode()
    assert client.get(url("invitation_detail", hidden)).status_code == 404


# --- Who may see the pages --------------------------------------------------------------------


@pytest.mark.parametrize("name", ("invitation_detail", *ANSWER_PAGES))
def test_another_provider_gets_404_on_the_invitation_and_its_answers(
    client_for, olly, near_invitation, name
):
    client = client_for(olly)

    assert client.get(url(name, near_invitation)).status_code == 404
    if name != "invitation_detail":
        assert client.post(url(name, near_invitation), {}).status_code == 404
    near_invitation.refresh_from_db()
    assert near_invitation.status == "invited"


@pytest.mark.parametrize("name", ("invitation_detail", *ANSWER_PAGES))
def test_council_staff_get_403_on_provider_pages(client_for, alice, near_invitation, name):
    client = client_for(alice)

    assert client.get(reverse("placements:invitation_list")).status_code == 403
    assert client.get(url(name, near_invitation)).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, near_invitation):
    response = client.get(url("invitation_detail", near_invitation))

    assert response.status_code == 302
    assert "login" in response["Location"]


# --- Offers -------------------------------------------------------------------------------------


def test_an_offer_is_saved_and_shows_its_weekly_fee_and_annual_cost(
    client_for, pat, near_invitation
):
    client = client_for(pat)

    response = client.post(url("offer_form", near_invitation), offer_post())

    assert response.status_code == 302
    assert response["Location"] == url("invitation_detail", near_invitation)
    offer = Offer.objects.get(invitation=near_invitation)
    assert (offer.education, offer.therapies, offer.care) == (
        Decimal("1400.00"),
        Decimal("120.00"),
        Decimal("0.00"),
    )
    near_invitation.refresh_from_db()
    assert near_invitation.status == "offered"
    text = client.get(response["Location"]).content.decode()
    assert "£1,520.00" in text
    assert "£57,760.00" in text  # 1,520 x 38 weeks
    assert "Change your offer" in text


def test_the_provider_checks_its_offer_before_it_is_sent_and_gets_a_reference(
    client_for, pat, near_invitation, emails
):
    client = client_for(pat)
    post = offer_post()
    del post["confirm"]
    check = client.post(url("offer_form", near_invitation), post)
    assert check.status_code == 200
    assert "Check your offer before sending it" in check.text
    assert "£1,520.00" in check.text and "£57,760.00" in check.text
    assert not Offer.objects.filter(invitation=near_invitation).exists()
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', check.text))
    assert hidden["confirm"] == "yes"
    with emails():
        sent = client.post(url("offer_form", near_invitation), hidden, follow=True)
    assert Offer.objects.get(invitation=near_invitation).weekly_fee == Decimal("1520.00")
    assert "Offer sent" in sent.text and near_invitation.request.reference in sent.text
    assert "govuk-panel--confirmation" in sent.text


def test_changing_an_offer_revises_the_same_offer(
    client_for, pat, offered_request, near_invitation
):
    client = client_for(pat)
    form = client.get(url("offer_form", near_invitation))
    assert form.context["form"].initial["education"] == Decimal("1400.00")

    client.post(url("offer_form", near_invitation), offer_post(education="1300"))

    offer = Offer.objects.get(invitation=near_invitation)
    assert offer.weekly_fee == Decimal("1420.00")
    text = client.get(url("invitation_detail", near_invitation)).content.decode()
    assert "£53,960.00" in text  # 1,420 x 38


def test_an_offer_the_service_refuses_shows_the_error_at_its_field_and_saves_nothing(
    client_for, pat, near_invitation
):
    response = client_for(pat).post(
        url("offer_form", near_invitation), offer_post(education="0", therapies="")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["education"] == [
        "Enter a weekly fee: the parts add up to nothing"
    ]
    assert 'href="#id_education"' in response.content.decode()
    assert not Offer.objects.exists()


def test_a_mistyped_amount_and_date_are_shown_at_their_fields(client_for, pat, near_invitation):
    post = offer_post(education="lots", proposed_start_on_0="31", proposed_start_on_1="2")

    response = client_for(pat).post(url("offer_form", near_invitation), post)

    errors = response.context["form"].errors
    assert errors["education"] == ["Education must be an amount in pounds, like 1500 or 1500.50"]
    assert errors["proposed_start_on"] == ["The proposed start date must be a real date"]
    assert not Offer.objects.exists()


def test_offers_cannot_be_made_once_offers_close(
    client_for, pat, evaluating_request, near_invitation
):
    invitation = near_invitation
    client = client_for(pat)

    assert client.get(url("offer_form", invitation))["Location"] == url(
        "invitation_detail", invitation
    )
    response = client.post(url("offer_form", invitation), offer_post(education="1000"))

    assert "Offers for this request have closed" in response.content.decode()
    assert Offer.objects.get(invitation=invitation).education == Decimal("1400.00")


# --- Declines, withdrawals and questions --------------------------------------------------------


def test_declining_for_another_reason_needs_a_note(client_for, pat, near_invitation):
    client = client_for(pat)

    refused = client.post(url("invitation_decline", near_invitation), {"reason": "other"})

    assert refused.status_code == 200
    assert refused.context["form"].errors["note"] == ["Explain why you are declining"]
    assert 'href="#id_note"' in refused.content.decode()
    near_invitation.refresh_from_db()
    assert near_invitation.status == "invited"

    client.post(
        url("invitation_decline", near_invitation),
        {"reason": "other", "note": "Our waking-day staff are fully committed"},
    )
    near_invitation.refresh_from_db()
    assert (near_invitation.status, near_invitation.decline_reason) == ("declined", "other")
    text = client.get(url("invitation_detail", near_invitation)).content.decode()
    assert "You declined this request" in text
    assert "Make an offer" not in text


def test_declining_without_a_reason_asks_for_one(client_for, pat, near_invitation):
    response = client_for(pat).post(url("invitation_decline", near_invitation), {})

    assert response.context["form"].errors["reason"] == ["Select why you are declining"]
    assert 'href="#id_reason_0"' in response.content.decode()


def test_withdrawing_an_offer_asks_first_then_withdraws_it(
    client_for, pat, offered_request, near_invitation
):
    client = client_for(pat)
    confirm = client.get(url("offer_withdraw", near_invitation))
    assert "Are you sure you want to withdraw your offer?" in confirm.content.decode()

    client.post(url("offer_withdraw", near_invitation), {"reason": "A place went elsewhere"})

    near_invitation.refresh_from_db()
    assert near_invitation.status == "withdrawn"
    event = near_invitation.events.last()
    assert (event.to_status, event.reason) == ("withdrawn", "A place went elsewhere")


def test_an_offer_can_be_withdrawn_while_it_is_evaluated_but_not_after_award(
    client_for, olly, evaluating_request, far_invitation, placement
):
    far_invitation.refresh_from_db()
    client = client_for(olly)

    assert client.get(url("offer_withdraw", far_invitation)).status_code == 302
    refused = client.post(url("offer_withdraw", far_invitation), {})

    assert "The request has been decided" in refused.content.decode()
    far_invitation.refresh_from_db()
    assert far_invitation.status == "unsuccessful"


def test_a_provider_can_ask_a_question_and_read_the_answer(client_for, pat, alice, near_invitation):
    client = client_for(pat)

    response = client.post(
        url("question_ask", near_invitation), {"question": "Is transport arranged?"}
    )

    assert response["Location"] == url("invitation_detail", near_invitation)
    question = OfferQuestion.objects.get(invitation=near_invitation)
    services.question_answer(actor=alice, question=question, answer="Yes, by the borough")
    text = client.get(response["Location"]).content.decode()
    assert "Is transport arranged?" in text
    assert "Yes, by the borough" in text


def test_an_empty_question_is_refused(client_for, pat, near_invitation):
    response = client_for(pat).post(url("question_ask", near_invitation), {"question": "  "})

    assert response.context["form"].errors["question"] == ["Enter your question"]
    assert not OfferQuestion.objects.exists()


def test_the_outcome_is_shown_once_the_request_is_decided(
    client_for, pat, olly, placement, near_invitation, far_invitation
):
    mine = client_for(pat).get(url("invitation_detail", near_invitation)).content.decode()
    assert "Your offer was accepted" in mine
    assert "Withdraw offer" not in mine
    theirs = client_for(olly).get(url("invitation_detail", far_invitation)).content.decode()
    assert "Your offer was not successful" in theirs
