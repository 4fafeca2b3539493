"""Placement requests: the list, and raising and changing a draft. Council staff read their
borough's requests; only its commissioners act."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from placements import services
from placements.models import PlacementRequest

from ..fixtures import request_fields
from .helpers import (
    MSG_NOT_MET,
    form_data,
    make_requests,
    url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]


def test_the_list_shows_the_boroughs_requests_with_their_status(draft_request, alice, client_for):
    page = client_for(alice).get(reverse("placements:request_list")).text
    assert draft_request.reference in page
    assert "CR-0042" in page
    assert 'govuk-tag--grey">Draft</strong>' in page
    assert "Draft (1)" in page and "All (1)" in page


def test_the_list_filters_by_status(open_request, alice, child, send_day_lot, client_for):
    services.request_create(actor=alice, child=child, **request_fields(send_day_lot))
    client = client_for(alice)
    opened = client.get(reverse("placements:request_list") + "?status=open").text
    assert open_request.reference in opened
    assert opened.count("govuk-tag--blue") == 1
    assert 'aria-current="page">Open for offers (1)' in opened
    awarded = client.get(reverse("placements:request_list") + "?status=awarded").text
    assert "No requests are awarded." in awarded


def test_the_list_has_an_empty_state(alice, client_for):
    page = client_for(alice).get(reverse("placements:request_list")).text
    assert "No placement requests have been raised yet." in page


def test_another_borough_does_not_see_the_request_in_its_list(draft_request, charlie, client_for):
    page = client_for(charlie).get(reverse("placements:request_list")).text
    assert draft_request.reference not in page


def test_a_lead_analyst_sees_the_borough_of_each_request(draft_request, lead_analyst, client_for):
    page = client_for(lead_analyst).get(reverse("placements:request_list")).text
    assert draft_request.reference in page
    assert "Borough</th>" in page and "Croydon" in page


def test_the_request_list_costs_the_same_for_one_or_five_requests(
    alice, child, send_day_lot, client_for, django_assert_max_num_queries
):
    client = client_for(alice)
    list_url = reverse("placements:request_list")
    make_requests(alice, child, send_day_lot, 1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(list_url).status_code == 200
    make_requests(alice, child, send_day_lot, 4)
    with django_assert_max_num_queries(len(one)):
        page = client.get(list_url).text
    assert "All (5)" in page


def test_the_form_offers_the_lots_of_the_boroughs_strands(
    child, bromley_child, alice, charlie, send_day_lot, client_for
):
    croydon_form = client_for(alice).get(url("request_create", child)).text
    assert "Independent special school: day" in croydon_form
    assert "Independent fostering agency" in croydon_form  # Croydon is in the care strand
    bromley_form = client_for(charlie).get(url("request_create", bromley_child)).text
    assert "Independent special school: day" in bromley_form
    assert "Independent fostering agency" not in bromley_form  # Bromley is SEND only


def test_raising_a_request_saves_a_draft_and_shows_it(child, alice, send_day_lot, client_for):
    response = client_for(alice).post(url("request_create", child), form_data(send_day_lot))
    placement_request = PlacementRequest.objects.get()
    assert response["Location"] == url("request_detail", placement_request)
    assert placement_request.status == "draft"
    assert placement_request.budget_ceiling_weekly == 1800
    assert placement_request.mainstream_considered is True
    assert placement_request.not_met_reasons == ["needs_exceed_mainstream"]


def test_a_request_without_a_needs_summary_is_refused_at_the_field(
    child, alice, send_day_lot, client_for
):
    data = form_data(send_day_lot, needs_summary="")
    response = client_for(alice).post(url("request_create", child), data)
    assert escape("Enter a summary of the child's needs for providers") in response.text
    assert 'href="#id_needs_summary"' in response.text
    assert not PlacementRequest.objects.exists()


def test_the_policy_questions_can_wait_but_inviting_refuses_until_they_are_answered(
    child, alice, send_day_lot, near_setting, far_setting, client_for
):
    client = client_for(alice)
    data = form_data(
        send_day_lot,
        mainstream_considered=None,
        in_borough_considered=None,
        not_met_reasons=None,
    )
    assert client.post(url("request_create", child), data).status_code == 302
    draft = PlacementRequest.objects.get()
    assert (draft.mainstream_considered, draft.not_met_reasons) == (False, [])

    response = client.post(
        url("request_matches", draft), {"settings": [str(near_setting.public_id)]}
    )
    page = response.text
    assert "Answer these before you invite providers" in page
    edit = url("request_edit", draft)
    assert f'<a href="{edit}#id_not_met_reasons_1">{MSG_NOT_MET}</a>' in page
    assert f'href="{edit}#id_mainstream_considered_1"' in page
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert not draft.invitations.exists()


def test_changing_a_draft_saves_the_change(draft_request, alice, send_day_lot, client_for):
    client = client_for(alice)
    edit = url("request_edit", draft_request)
    assert "Autistic; needs a small class and a predictable routine." in client.get(edit).text
    response = client.post(edit, form_data(send_day_lot, needs_summary="Changed needs"))
    assert response["Location"] == url("request_detail", draft_request)
    draft_request.refresh_from_db()
    assert draft_request.needs_summary == "Changed needs"


def test_a_request_sent_to_providers_cannot_be_changed(
    open_request, alice, send_day_lot, client_for
):
    client = client_for(alice)
    edit = url("request_edit", open_request)
    assert client.get(edit)["Location"] == url("request_detail", open_request)
    client.post(edit, form_data(send_day_lot, needs_summary="Changed needs"))
    open_request.refresh_from_db()
    assert open_request.needs_summary != "Changed needs"
