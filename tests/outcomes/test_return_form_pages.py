"""The termly return as a provider fills it in: each target shows last term's score (so the
progress counted from it is no surprise), DfE's word "suspension", and the returns list puts
overdue returns first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from outcomes.selectors.returns import returns_to_submit
from outcomes.services.returns_beat import returns_flag_overdue

from ..html import Page
from .test_returns_helpers import placed_since, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_award_chain")]


@pytest.fixture
def placed(placement, targets, terms):
    return placed_since(placement)


def create_url(placement, term) -> str:
    return reverse(
        "outcomes:return_create", kwargs={"public_id": placement.public_id, "term_id": term.pk}
    )


def _fieldset_for(page, target):
    return next(f for f in page.find_all("fieldset") if target.outcome in f.text())


def test_each_target_shows_the_previous_terms_score(client_for, pat, placed, targets, terms):
    submit(pat, placed, terms[3], targets, communication=-2, travel=2)
    submit(pat, placed, terms[4], targets, communication=-1, travel=3)

    page = Page.of(client_for(pat).get(create_url(placed, terms[5])))
    communication, travel = targets
    assert "Previous term: -1 (Spring 2025/26)." in _fieldset_for(page, communication).text()
    assert "Previous term: 3 (Spring 2025/26)." in _fieldset_for(page, travel).text()


def test_a_target_with_no_earlier_return_says_progress_starts_from_the_baseline(
    client_for, pat, placed, targets, terms
):
    page = Page.of(client_for(pat).get(create_url(placed, terms[0])))
    for target in targets:
        assert (
            f"No previous return: progress is counted from the baseline, {target.baseline}."
            in _fieldset_for(page, target).text()
        )


def test_a_later_terms_return_is_not_the_previous_one(client_for, pat, placed, targets, terms):
    """A return made late for an earlier term shows the score before that term, not after."""
    submit(pat, placed, terms[2], targets, communication=-2, travel=2)
    submit(pat, placed, terms[4], targets, communication=0, travel=4)
    page = Page.of(client_for(pat).get(create_url(placed, terms[3])))
    assert "Previous term: 2 (Summer 2024/25)." in _fieldset_for(page, targets[1]).text()


def test_each_target_is_a_govuk_fieldset_with_radios(client_for, pat, placed, targets, terms):
    page = Page.of(client_for(pat).get(create_url(placed, terms[5])))
    for target in targets:
        fieldset = _fieldset_for(page, target)
        assert "govuk-fieldset" in fieldset.classes
        assert target.outcome in fieldset.find("legend").text()
        radios = fieldset.find_all("input", type="radio")
        assert radios and all("govuk-radios__input" in r.classes for r in radios)
        assert fieldset.find("textarea", cls="govuk-textarea")
    for name in ("attendance_pct", "fixed_term_exclusion_days", "serious_incidents"):
        field = page.find("input", name=name)
        assert "govuk-input" in field.classes
        assert field["type"] == "text"
        assert field["inputmode"] in ("decimal", "numeric")


def test_the_form_and_the_return_say_suspension_not_fixed_term_exclusion(
    client_for, pat, alice, placed, targets, terms
):
    text = Page.of(client_for(pat).get(create_url(placed, terms[5]))).text()
    assert "Days of suspension this term" in text
    assert "fixed-term exclusion" not in text.replace("used to be called fixed-term exclusion", "")

    made = submit(pat, placed, terms[4], targets, communication=-1, travel=3)
    detail = reverse("outcomes:return_detail", kwargs={"public_id": made.public_id})
    for user in (pat, alice):
        text = Page.of(client_for(user).get(detail)).text()
        assert "Suspensions" in text
        assert "ixed-term" not in text

    response = client_for(pat).post(create_url(placed, terms[5]), {"attendance_pct": "90"})
    assert "Enter the days of suspension, or 0" in response.content.decode()


def test_overdue_returns_come_first_in_what_a_provider_has_to_submit(pat, placed, terms):
    on = terms[4].ends_on + timedelta(days=1)  # Spring 2025/26 just ended: its return is due
    returns_flag_overdue(on=on)

    rows = returns_to_submit(actor=pat, on=on)
    assert [r.overdue for r in rows] == sorted((r.overdue for r in rows), reverse=True)
    assert rows[0].overdue
    assert rows[-1].overdue is False
    assert "Spring 2025/26" in [str(r.term) for r in rows if not r.overdue]
    overdue = [r for r in rows if r.overdue]
    assert [r.term.returns_due_on for r in overdue] == sorted(
        r.term.returns_due_on for r in overdue
    )


def test_the_returns_list_shows_overdue_returns_first_with_an_overdue_tag(
    client_for, pat, placed, terms
):
    returns_flag_overdue()
    page = Page.of(client_for(pat).get(reverse("outcomes:return_list")))
    table = page.find("div", aria_labelledby="to-submit").find("table")
    tags = [row.find(cls="govuk-tag").text() for row in table.find("tbody").find_all("tr")]
    assert tags[0] == "Overdue"
    assert tags == sorted(tags, key=lambda tag: tag != "Overdue")
    headings = [h.text() for h in page.find_all("h2")]
    assert headings[0] == "To submit"
    assert "Overdue" not in headings


def test_an_indicators_name_is_escaped_in_the_hint(client_for, pat, placed, targets, terms):
    indicator = targets[0].indicator
    indicator.name = "<script>alert(1)</script>"
    indicator.save(update_fields=["name"])
    html = client_for(pat).get(create_url(placed, terms[5])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
