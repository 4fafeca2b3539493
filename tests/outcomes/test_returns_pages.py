"""Termly return pages: a provider submits, the commissioner queries, the provider corrects,
the commissioner accepts; errors at their fields; providers never see who the child is; other
tenants get 404."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from outcomes.choices import ReturnStatus
from outcomes.forms.returns import MSG_SCORE_REQUIRED
from outcomes.models import TermlyReturn
from outcomes.selectors.returns import term_current
from outcomes.services import returns as services
from outcomes.services import returns_scoring as scoring
from providers.models import OutcomeRecord

from .test_returns_helpers import IDENTITY, in_year_9, placed_since, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_award_chain")]


@pytest.fixture
def placed(placement, targets, terms):
    return placed_since(placement)


@pytest.fixture
def term(placed, terms):
    """The term open today (the tests run with real dates)."""
    current = term_current(placed.borough.consortium_id, on=timezone.localdate())
    return current or terms[5]


def create_url(placement, term) -> str:
    return reverse(
        "outcomes:return_create", kwargs={"public_id": placement.public_id, "term_id": term.pk}
    )


def url(name: str, made) -> str:
    return reverse(f"outcomes:{name}", kwargs={"public_id": made.public_id})


def form_data(communication="0", travel="3", evidence="Asked for help with the aid", **extra):
    """The form lists targets in the framework's order: travel (independent living) first."""
    return {
        "score_0": travel,
        "evidence_0": evidence,
        "score_1": communication,
        "evidence_1": evidence,
        "attendance_pct": "93.5",
        "fixed_term_exclusion_days": "0",
        "serious_incidents": "0",
        "summary": "Settled well.",
        **extra,
    }


def test_the_whole_loop_through_the_pages(
    client_for, pat, alice, placed, targets, terms, term, emails
):
    # Last term's return, accepted: alone it is too few for a benchmark with an interval.
    before = submit(pat, placed, terms[5], targets, communication=-1, travel=3)
    with emails():
        services.return_accept(actor=alice, termly_return=before)
    assert not OutcomeRecord.objects.filter(setting=placed.setting).exists()
    provider = client_for(pat)
    listing = provider.get(reverse("outcomes:return_list")).content.decode()
    assert create_url(placed, term) in listing
    page = provider.get(create_url(placed, term))
    assert page.status_code == 200
    assert targets[0].outcome in page.content.decode()
    assert "Preparing for Adulthood pathway" not in page.content.decode()  # Year 4

    with emails():
        done = provider.post(create_url(placed, term), form_data())
    made = TermlyReturn.objects.get(term=term)
    assert done.status_code == 302 and done.url == url("return_detail", made)
    assert made.attendance_pct == 93.5 and made.late is False

    council = client_for(alice)
    listing = council.get(reverse("outcomes:return_list"), {"status": "submitted"})
    assert url("return_detail", made) in listing.content.decode()
    detail = council.get(url("return_detail", made)).content.decode()
    assert url("return_query", made) in detail and url("return_accept", made) in detail

    refused = council.post(url("return_query", made), {"reason": ""})
    assert services.MSG_QUERY_REASON in refused.content.decode()
    with emails():
        council.post(url("return_query", made), {"reason": "Travel cannot be 3 yet"})
    made.refresh_from_db()
    assert made.status == ReturnStatus.QUERIED

    edit = client_for(pat).get(url("return_edit", made)).content.decode()
    assert "Travel cannot be 3 yet" in edit
    with emails():
        client_for(pat).post(url("return_edit", made), form_data(travel="2", reason="Travel is 2"))
    made.refresh_from_db()
    assert made.status == ReturnStatus.SUBMITTED
    assert made.scores.get(target=targets[1]).score == 2

    with emails():
        client_for(alice).post(url("return_accept", made), {"note": ""})
    made.refresh_from_db()
    assert made.status == ReturnStatus.ACCEPTED
    assert made.mean_progress == Decimal("0.000")  # communication +1, travel 3 -> 2 is -1
    record = OutcomeRecord.objects.get(setting=placed.setting, need="ASD")
    assert (record.children, record.mean_progress) == (1, Decimal("0.500"))

    history = client_for(alice).get(url("return_detail", made)).content.decode()
    for reason in ("Travel cannot be 3 yet", "Travel is 2"):
        assert reason in history
    assert history.count("govuk-table__row") >= 5 + 3  # 4 events and their header, 2 scores


def test_errors_are_shown_at_their_fields_with_the_summary(client_for, pat, placed, term):
    page = client_for(pat).post(
        create_url(placed, term), form_data(communication="7", travel="", evidence="")
    )

    text = page.content.decode()
    assert page.status_code == 200
    assert "There is a problem" in text
    assert 'href="#id_score_1_1"' in text
    assert scoring.MSG_SCORE_RANGE.format(low=-2, high=2) in text
    assert MSG_SCORE_REQUIRED in text
    assert text.count(scoring.MSG_EVIDENCE_REQUIRED) == 4  # two fields, each in the summary too
    assert not TermlyReturn.objects.exists()


def test_the_pathway_is_asked_from_year_9_and_required(client_for, pat, placed, term):
    in_year_9(placed.child)
    page = client_for(pat).post(create_url(placed, term), form_data())

    assert "Preparing for Adulthood pathway" in page.content.decode()
    assert escape(scoring.MSG_PATHWAY_REQUIRED) in page.content.decode()
    client_for(pat).post(create_url(placed, term), form_data(pfa_pathway="apprenticeship"))
    assert TermlyReturn.objects.get().pfa_pathway == "apprenticeship"


def test_a_return_already_in_redirects_to_it(client_for, pat, placed, targets, terms):
    made = submit(pat, placed, terms[0], targets, 0, 3)

    page = client_for(pat).get(create_url(placed, terms[0]))

    assert page.status_code == 302 and page.url == url("return_detail", made)


def test_a_return_not_queried_cannot_be_corrected(client_for, pat, placed, targets, terms):
    made = submit(pat, placed, terms[0], targets, 0, 3)

    page = client_for(pat).post(url("return_edit", made), form_data(reason="x"))

    assert page.status_code == 302
    made.refresh_from_db()
    assert made.scores.get(target=targets[1]).score == 3


def test_providers_never_see_who_the_child_is(client_for, pat, placed, targets, terms, term):
    made = submit(pat, placed, terms[0], targets, 0, 3)
    services.return_query(actor=placed.created_by, termly_return=made, reason="Check")
    pages = [
        reverse("outcomes:return_list"),
        url("return_detail", made),
        url("return_edit", made),
        create_url(placed, term),
        reverse("outcomes:progress", kwargs={"public_id": placed.public_id}),
    ]
    for page in pages:
        text = client_for(pat).get(page).content.decode()
        assert placed.reference in text, page
        for identity in IDENTITY:
            assert identity not in text, (page, identity)


def test_council_staff_see_the_child_reference_and_the_late_flag(
    client_for, alice, pat, placed, targets, terms
):
    submit(pat, placed, terms[0], targets, 0, 3, on=terms[1].ends_on)

    text = client_for(alice).get(reverse("outcomes:return_list")).content.decode()

    assert "CR-0042" in text
    assert "Late" in text


def test_analysts_read_returns_but_cannot_decide(
    client_for, lead_analyst, pat, placed, targets, terms
):
    made = submit(pat, placed, terms[0], targets, 0, 3)
    analyst = client_for(lead_analyst)

    detail = analyst.get(url("return_detail", made)).content.decode()
    assert url("return_accept", made) not in detail
    assert analyst.post(url("return_accept", made), {"note": ""}).status_code == 403


def test_other_tenants_get_404_on_every_return_page(
    client_for, pat, charlie, olly, placed, targets, terms, term
):
    made = submit(pat, placed, terms[0], targets, 0, 3)
    services.return_query(actor=placed.created_by, termly_return=made, reason="Check")
    pages = [
        url("return_detail", made),
        url("return_edit", made),
        url("return_query", made),
        url("return_accept", made),
        create_url(placed, term),
        reverse("outcomes:progress", kwargs={"public_id": placed.public_id}),
    ]
    for outsider in (charlie, olly):
        client = client_for(outsider)
        for page in pages:
            assert client.get(page).status_code == 404, (outsider, page)
            assert client.post(page, form_data(reason="x")).status_code == 404, (outsider, page)
    made.refresh_from_db()
    assert made.status == ReturnStatus.QUERIED


def test_the_navigation_offers_termly_returns_to_both_audiences(client_for, alice, pat, placed):
    for user in (alice, pat):
        text = client_for(user).get(reverse("outcomes:return_list")).content.decode()
        assert f'href="{reverse("outcomes:return_list")}"' in text
