"""Placement request pages: the list, raising and changing a draft, the request page and its
actions, matching and inviting, answering providers' questions, closing and cancelling.

Council staff read their borough's requests; only its commissioners act. Another borough's
request is a 404, a provider gets 403, and an action the request's state no longer allows is a
409 that changes nothing.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from boroughs.choices import Role
from placements import services
from placements.models import ChildAccessLog, PlacementRequest, RequestEvent

from ..factories import UserFactory
from .fixtures import request_fields

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]

MSG_NOT_MET = "Select why mainstream and in-borough provision do not meet the need"


@pytest.fixture
def croydon_analyst(croydon):
    return UserFactory(borough=croydon, role=Role.BOROUGH_ANALYST)


@pytest.fixture
def question(near_invitation, pat, emails):
    with emails():
        return services.question_ask(
            actor=pat, invitation=near_invitation, question="Is there a sensory room nearby?"
        )


def url(name: str, obj) -> str:
    return reverse(f"placements:{name}", args=[obj.public_id])


def request_urls(placement_request) -> dict[str, str]:
    """Every request URL by name; the POST-only actions too."""
    names = ("request_detail", "request_edit", "request_matches", "request_cancel")
    urls = {name: url(name, placement_request) for name in names}
    urls["request_close"] = url("request_close", placement_request)
    return urls


def form_data(lot, **overrides) -> dict:
    """What a commissioner types into the request form (dates as day, month and year)."""
    today = timezone.localdate()
    start, deadline = today + timedelta(days=60), today + timedelta(days=14)
    data = {
        "lot": str(lot.pk),
        "required_start_on_0": str(start.day),
        "required_start_on_1": str(start.month),
        "required_start_on_2": str(start.year),
        "provision": "day",
        "weeks_per_year": "38",
        "needs_summary": "Autistic; needs a small class.",
        "budget_ceiling_weekly": "£1,800",
        "response_deadline_0": str(deadline.day),
        "response_deadline_1": str(deadline.month),
        "response_deadline_2": str(deadline.year),
        "mainstream_considered": "yes",
        "in_borough_considered": "yes",
        "not_met_reasons": ["needs_exceed_mainstream"],
        "phase_transfer": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def make_requests(alice, child, lot, count: int) -> None:
    for _ in range(count):
        services.request_create(actor=alice, child=child, **request_fields(lot))


# --- The list -------------------------------------------------------------------------------


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


# --- Raising and changing a draft -----------------------------------------------------------


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


# --- The request page -----------------------------------------------------------------------


def test_the_owner_sees_what_providers_see_and_what_only_the_borough_sees(
    draft_request, alice, client_for
):
    response = client_for(alice).get(url("request_detail", draft_request))
    page = response.text
    assert response.status_code == 200
    assert "What providers see" in page and "For the borough only" in page
    assert "£1,800.00" in page
    assert "Needs cannot be met in mainstream, even with additional support" in page
    assert 'govuk-tag--grey">Draft</strong>' in page
    for action in ("Find matching settings", "Change the request", "Cancel request"):
        assert action in page
    assert "Close offers and evaluate" not in page
    assert "Evaluate offers" not in page


def test_viewing_a_request_writes_an_access_log_row_for_the_child(
    draft_request, child, alice, client_for
):
    client_for(alice).get(url("request_detail", draft_request))
    log = ChildAccessLog.objects.get()
    assert (log.child, log.user, log.what) == (child, alice, f"request {draft_request.reference}")


def test_an_open_request_shows_its_invitations_and_can_be_closed(open_request, alice, client_for):
    page = client_for(alice).get(url("request_detail", open_request)).text
    assert "Bright Futures School" in page and "Other Schools Sutton" in page
    assert page.index("Bright Futures School") < page.index("Other Schools Sutton")
    assert "£1,650.50" in page and "£1,900.00" in page
    assert "Close offers and evaluate" in page
    assert "Change the request" not in page
    assert "draft to open for offers" in page.lower()  # the timeline


def test_an_offered_request_shows_the_offers_summary(offered_request, alice, client_for):
    page = client_for(alice).get(url("request_detail", offered_request)).text
    assert "2 offers received. The lowest is £1,520.00 a week." in page


def test_an_evaluating_request_leads_to_the_evaluation(evaluating_request, alice, client_for):
    page = client_for(alice).get(url("request_detail", evaluating_request)).text
    assert "Evaluate offers" in page
    assert url("request_evaluation", evaluating_request) in page
    assert "Find matching settings" not in page


def test_a_borough_analyst_reads_the_request_without_any_action(
    open_request, croydon_analyst, client_for
):
    page = client_for(croydon_analyst).get(url("request_detail", open_request)).text
    assert open_request.reference in page
    for action in ("Find matching settings", "Close offers and evaluate", "Cancel request"):
        assert action not in page


# --- Matching and inviting ------------------------------------------------------------------


def test_matching_lists_near_settings_before_far_ones_with_the_criteria(
    draft_request, near_setting, far_setting, alice, client_for
):
    page = client_for(alice).get(url("request_matches", draft_request)).text
    assert page.index("Bright Futures School") < page.index("Other Schools Sutton")
    assert "2 matching settings" in page
    assert "Autistic spectrum disorder" in page
    assert "CR0: the child's home postcode" in page
    assert "£1,650.50" in page and "£1,900.00" in page
    assert re.search(r"\d+\.\d km", page)
    assert "?order=ceiling" in page and "?order=ofsted" in page


def test_sorting_by_ceiling_puts_the_cheapest_ceiling_first(
    draft_request, near_setting, far_setting, alice, client_for
):
    from decimal import Decimal

    from providers.models import PriceLine

    PriceLine.objects.filter(setting=far_setting).update(education=Decimal("1000.00"))
    client = client_for(alice)
    by_ceiling = client.get(url("request_matches", draft_request) + "?order=ceiling").text
    assert by_ceiling.index("Other Schools Sutton") < by_ceiling.index("Bright Futures School")
    by_distance = client.get(url("request_matches", draft_request)).text
    assert by_distance.index("Bright Futures School") < by_distance.index("Other Schools Sutton")


def test_inviting_two_settings_opens_the_request_and_emails_the_providers(
    draft_request, near_setting, far_setting, alice, client_for, emails
):
    chosen = [str(near_setting.public_id), str(far_setting.public_id)]
    with emails():
        response = client_for(alice).post(
            url("request_matches", draft_request), {"settings": chosen}
        )
    assert response["Location"] == url("request_detail", draft_request)
    draft_request.refresh_from_db()
    assert draft_request.status == "open"
    assert draft_request.invitations.count() == 2
    assert len(mail.outbox) >= 2


def test_settings_already_invited_are_shown_invited_and_cannot_be_chosen(
    open_request, alice, client_for
):
    page = client_for(alice).get(url("request_matches", open_request)).text
    assert page.count(">Invited</strong>") == 2
    assert page.count("disabled checked") == 2
    assert "Every matching setting has been invited." in page


def test_inviting_nothing_asks_for_a_setting(draft_request, near_setting, alice, client_for):
    response = client_for(alice).post(url("request_matches", draft_request), {})
    assert (
        f'<a href="#settings-{near_setting.public_id}">Select at least one setting to invite</a>'
        in response.text
    )
    draft_request.refresh_from_db()
    assert draft_request.status == "draft"


def test_a_borough_analyst_sees_the_matches_but_cannot_invite(
    draft_request, near_setting, croydon_analyst, client_for
):
    client = client_for(croydon_analyst)
    page = client.get(url("request_matches", draft_request)).text
    assert "Bright Futures School" in page
    assert 'name="settings"' not in page
    data = {"settings": [str(near_setting.public_id)]}
    assert client.post(url("request_matches", draft_request), data).status_code == 403
    assert not draft_request.invitations.exists()


# --- Questions ------------------------------------------------------------------------------


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


# --- Closing and cancelling -----------------------------------------------------------------


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


# --- Who may see and do what ----------------------------------------------------------------


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
