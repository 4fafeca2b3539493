"""Answering providers' questions, closing and cancelling a request, and who may see and do what:
another borough's request is a 404 and a provider gets 403."""

from __future__ import annotations

import pytest
from django.urls import reverse

from placements.models import PlacementRequest, RequestEvent

from .helpers import (
    form_data,
    request_urls,
    url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]


def test_a_commissioner_answers_a_providers_question(question, open_request, alice, client_for):
    client = client_for(alice)
    page = client.get(url("request_detail", open_request)).text
    assert "Is there a sensory room nearby?" in page
    assert url("question_answer", question) in page
    response = client.post(url("question_answer", question), {"answer": "Yes, on site."})
    assert response["Location"] == url("request_detail", open_request) + "#questions"
    question.refresh_from_db()
    assert (question.answer, question.answered_by) == ("Yes, on site.", alice)
    assert (
        url("question_answer", question) not in client.get(url("request_detail", open_request)).text
    )


def test_an_empty_answer_is_refused_at_its_field(question, alice, client_for):
    response = client_for(alice).post(url("question_answer", question), {"answer": " "})
    assert response.status_code == 200
    assert f'<a href="#answer-{question.pk}-answer">Enter your answer</a>' in response.text
    question.refresh_from_db()
    assert question.answer == ""


def test_only_the_boroughs_commissioners_answer_questions(
    question, charlie, croydon_analyst, pat, client_for
):
    answer = url("question_answer", question)
    assert client_for(charlie).post(answer, {"answer": "No"}).status_code == 404
    assert client_for(croydon_analyst).post(answer, {"answer": "No"}).status_code == 403
    assert client_for(pat).post(answer, {"answer": "No"}).status_code == 403
    question.refresh_from_db()
    assert question.answer == ""


def test_closing_an_open_request_starts_the_evaluation(open_request, alice, client_for):
    response = client_for(alice).post(url("request_close", open_request))
    assert response["Location"] == url("request_evaluation", open_request)
    open_request.refresh_from_db()
    assert open_request.status == "evaluating"


def test_closing_a_request_twice_answers_409_and_changes_nothing(
    evaluating_request, alice, client_for
):
    events = RequestEvent.objects.count()
    response = client_for(alice).post(url("request_close", evaluating_request))
    assert response.status_code == 409
    assert "This cannot be done while the request is evaluating offers" in response.text
    assert RequestEvent.objects.count() == events


def test_cancelling_asks_for_a_reason_and_records_it(open_request, alice, client_for):
    client = client_for(alice)
    cancel = url("request_cancel", open_request)
    assert "Are you sure you want to cancel this request?" in client.get(cancel).text
    refused = client.post(cancel, {"reason": ""})
    assert '<a href="#id_reason">Enter a reason</a>' in refused.text
    open_request.refresh_from_db()
    assert open_request.status == "open"
    response = client.post(cancel, {"reason": "The family moved out of London"})
    assert response["Location"] == url("request_detail", open_request)
    open_request.refresh_from_db()
    assert (open_request.status, open_request.decision_reason) == (
        "cancelled",
        "The family moved out of London",
    )
    assert "The family moved out of London" in client.get(url("request_detail", open_request)).text


def test_cancelling_an_awarded_request_answers_409(
    placement, evaluating_request, alice, client_for
):
    response = client_for(alice).post(url("request_cancel", evaluating_request), {"reason": "Oops"})
    assert response.status_code == 409
    evaluating_request.refresh_from_db()
    assert evaluating_request.status == "awarded"


def test_another_boroughs_commissioner_gets_404_on_every_request_url(
    draft_request, child, charlie, send_day_lot, client_for
):
    client = client_for(charlie)
    for name, address in request_urls(draft_request).items():
        assert client.get(address).status_code == 404, name
        assert client.post(address, {"reason": "x"}).status_code == 404, name
    assert client.get(url("request_create", child)).status_code == 404
    assert client.post(url("request_create", child), form_data(send_day_lot)).status_code == 404
    assert PlacementRequest.objects.count() == 1


def test_a_provider_gets_403_on_every_request_page(open_request, child, pat, client_for):
    client = client_for(pat)
    assert client.get(reverse("placements:request_list")).status_code == 403
    assert client.get(url("request_create", child)).status_code == 403
    for name, address in request_urls(open_request).items():
        assert client.post(address, {}).status_code == 403, name


def test_a_borough_analyst_gets_403_on_every_write(
    draft_request, child, croydon_analyst, send_day_lot, client_for
):
    client = client_for(croydon_analyst)
    assert client.get(url("request_create", child)).status_code == 403
    assert client.post(url("request_create", child), form_data(send_day_lot)).status_code == 403
    for name in ("request_edit", "request_close", "request_cancel"):
        assert client.post(url(name, draft_request), {"reason": "x"}).status_code == 403, name
    draft_request.refresh_from_db()
    assert draft_request.status == "draft"


def test_inviting_once_offers_have_closed_answers_409(
    evaluating_request, near_setting, alice, client_for
):
    data = {"settings": [str(near_setting.public_id)]}
    response = client_for(alice).post(url("request_matches", evaluating_request), data)
    assert response.status_code == 409
    assert "Settings can only be invited while the request is a draft or open" in response.text
    assert "This request is evaluating offers: no more settings can be invited." in response.text
