"""The evaluation page: offers side by side with their scores, rating each offer's fit to the
needs, awarding one (the placement is created, the others told) or recording none suitable."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from boroughs.choices import Role
from placements import services
from placements.models import Placement, RequestInvitation

from ..factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]


@pytest.fixture
def croydon_analyst(croydon):
    return UserFactory(borough=croydon, role=Role.BOROUGH_ANALYST)


@pytest.fixture
def placement_request_rated(evaluating_request, near_invitation, far_invitation, alice):
    for invitation, needs_fit in ((near_invitation, 3), (far_invitation, 2)):
        services.offer_rate(actor=alice, offer=invitation.offer, needs_fit=needs_fit)
    return evaluating_request


def url(name: str, placement_request, *extra) -> str:
    return reverse(f"placements:{name}", args=[placement_request.public_id, *extra])


def rate_url(placement_request, invitation) -> str:
    return url("offer_rate", placement_request, invitation.public_id)


def line(page: str, label: str) -> list[str]:
    """The cells of one line of the side-by-side table, in column order."""
    row = re.search(rf"{re.escape(label)}</th>(.*?)</tr>", page, re.S).group(1)
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]


def award_data(invitation, **overrides) -> dict:
    """The award form as confirmed on the check-your-answers page."""
    return {
        "award-invitation": str(invitation.public_id),
        "award-reason": "Nearest",
        "confirm": "yes",
        **overrides,
    }


# --- The comparison -------------------------------------------------------------------------


def test_the_evaluation_shows_both_offers_with_the_cheaper_scoring_higher_on_price(
    evaluating_request, alice, client_for
):
    response = client_for(alice).get(url("request_evaluation", evaluating_request))
    page = response.text
    assert response.status_code == 200
    assert page.index("Bright Futures School") < page.index("Other Schools Sutton")
    assert line(page, "Weekly fee") == ["£1,520.00", "£1,720.00"]
    assert line(page, "Of which therapies") == ["£120.00", "£120.00"]
    assert line(page, "Annual cost") == ["£57,760.00", "£65,360.00"]
    assert line(page, "Against the DPS ceiling, a week") == ["£130.50 under", "£180.00 under"]
    assert line(page, "Against your budget, a week") == ["£280.00 under", "£80.00 under"]
    assert line(page, "Price score, of 100") == ["100.0", "88.4"]
    assert line(page, "Needs-fit rating") == ["Not rated", "Not rated"]
    assert "Quality counts for 60% of the total score and price for 40%." in page


def test_a_commissioner_gets_the_rating_award_and_none_suitable_forms(
    evaluating_request, near_invitation, far_invitation, alice, client_for
):
    page = client_for(alice).get(url("request_evaluation", evaluating_request)).text
    assert rate_url(evaluating_request, near_invitation) in page
    assert rate_url(evaluating_request, far_invitation) in page
    assert "Award placement" in page
    assert url("request_none_suitable", evaluating_request) in page


def test_while_the_request_is_open_the_offers_show_without_the_forms(
    offered_request, alice, client_for
):
    page = client_for(alice).get(url("request_evaluation", offered_request)).text
    assert "£1,520.00" in page
    assert "The request is still open for offers" in page
    assert "Award placement" not in page


def test_a_borough_analyst_sees_the_comparison_without_the_forms(
    evaluating_request, croydon_analyst, client_for
):
    page = client_for(croydon_analyst).get(url("request_evaluation", evaluating_request)).text
    assert "£1,720.00" in page
    assert "Award placement" not in page and "Save rating" not in page


# --- Rating ---------------------------------------------------------------------------------


def test_rating_an_offer_counts_towards_its_quality_score(
    evaluating_request, near_invitation, far_invitation, alice, client_for
):
    client = client_for(alice)
    rating = {f"rate-{far_invitation.pk}-needs_fit": "4"}
    response = client.post(rate_url(evaluating_request, far_invitation), rating)
    assert response["Location"] == url("request_evaluation", evaluating_request)
    far_invitation.offer.refresh_from_db()
    assert far_invitation.offer.needs_fit == 4
    page = client.get(url("request_evaluation", evaluating_request)).text
    # Neither setting is inspected nor has an outcomes record: the unrated offer has no quality
    # evidence at all, so nothing is ranked (price alone must not rank them) ...
    assert "Not ranked yet" in page
    assert line(page, "Quality score, of 100") == [
        "Incomplete: no evidence yet",
        "100.0 (incomplete: without Ofsted inspection, Outcomes record)",
    ]
    assert line(page, "Total score, of 100") == ["Not scored", "95.4"]
    # ... until both are rated: then needs fit and price rank them, the dearer offer first.
    client.post(
        rate_url(evaluating_request, near_invitation), {f"rate-{near_invitation.pk}-needs_fit": "2"}
    )
    page = client.get(url("request_evaluation", evaluating_request)).text
    assert "Not ranked yet" not in page
    assert line(page, "Weekly fee") == ["£1,720.00", "£1,520.00"]  # Other Schools Sutton first
    assert line(page, "Total score, of 100") == ["95.4", "70.0"]
    assert line(page, "Needs-fit rating")[0].startswith(f"4 of 4, by {alice} on ")


def test_rating_without_a_choice_is_refused_at_the_field(
    evaluating_request, far_invitation, alice, client_for
):
    response = client_for(alice).post(rate_url(evaluating_request, far_invitation), {})
    assert response.status_code == 200
    anchor = f"#id_rate-{far_invitation.pk}-needs_fit_1"
    assert f'<a href="{anchor}">Select how well the offer meets the needs</a>' in response.text
    assert f'id="{anchor[1:]}"' in response.text  # the link goes to the offer's first radio


def test_rating_before_offers_close_is_refused(offered_request, near_invitation, alice, client_for):
    response = client_for(alice).post(
        rate_url(offered_request, near_invitation), {f"rate-{near_invitation.pk}-needs_fit": "3"}
    )
    assert "Offers are rated while they are being evaluated" in response.text
    near_invitation.offer.refresh_from_db()
    assert near_invitation.offer.needs_fit is None


def test_an_invitation_of_another_request_is_not_found_under_this_one(
    evaluating_request, near_invitation, alice, child, send_day_lot, client_for
):
    from .fixtures import request_fields

    other = services.request_create(actor=alice, child=child, **request_fields(send_day_lot))
    response = client_for(alice).post(rate_url(other, near_invitation), {"needs_fit": "3"})
    assert response.status_code == 404


# --- Award and none suitable ----------------------------------------------------------------


def test_awarding_redirects_to_the_placement_and_the_other_offer_is_unsuccessful(
    evaluating_request, near_invitation, far_invitation, alice, client_for, emails
):
    for invitation in (near_invitation, far_invitation):
        client_for(alice).post(
            rate_url(evaluating_request, invitation), {f"rate-{invitation.pk}-needs_fit": "3"}
        )
    with emails():
        response = client_for(alice).post(
            url("request_award", evaluating_request),
            award_data(near_invitation, **{"award-spot_weekly": "£2,000"}),
        )
    placement = Placement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "placements:placement_detail", args=[placement.public_id]
    )
    assert (placement.setting, placement.agreed_weekly, placement.spot_weekly) == (
        near_invitation.setting,
        1520,
        2000,
    )
    far_invitation.refresh_from_db()
    evaluating_request.refresh_from_db()
    assert far_invitation.status == "unsuccessful"
    assert evaluating_request.status == "awarded"


def test_the_award_is_checked_before_it_is_confirmed_and_then_quotes_its_reference(
    placement_request_rated, near_invitation, alice, client_for, emails
):
    client = client_for(alice)
    data = award_data(near_invitation, **{"award-spot_weekly": "£2,000"})
    del data["confirm"]
    check = client.post(url("request_award", placement_request_rated), data)
    assert check.status_code == 200
    assert "Check your answers before awarding the placement" in check.text
    assert "£1,520.00" in check.text and "Nearest" in check.text and "£2,000.00" in check.text
    assert not Placement.objects.exists()  # nothing is awarded until confirmed
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', check.text))
    assert hidden["confirm"] == "yes" and hidden["award-reason"] == "Nearest"
    with emails():
        done = client.post(url("request_award", placement_request_rated), hidden, follow=True)
    placement = Placement.objects.get()
    assert placement.spot_weekly == 2000
    assert "Placement awarded" in done.text and placement.reference in done.text
    assert "govuk-panel--confirmation" in done.text
    again = client.get(reverse("placements:placement_detail", args=[placement.public_id])).text
    assert "govuk-panel--confirmation" not in again  # the panel shows once


def test_the_check_page_refuses_what_the_award_would_refuse(
    evaluating_request, near_invitation, alice, client_for
):
    data = award_data(near_invitation)
    del data["confirm"]
    response = client_for(alice).post(url("request_award", evaluating_request), data)
    assert "Check your answers" not in response.text
    assert "Rate every offer for how well it meets the needs, or record why not" in response.text


def test_an_award_without_a_reason_is_refused_and_nothing_is_saved(
    evaluating_request, near_invitation, alice, client_for
):
    response = client_for(alice).post(
        url("request_award", evaluating_request),
        award_data(near_invitation, **{"award-reason": ""}),
    )
    assert response.status_code == 200
    assert '<a href="#id_award-reason">Enter a reason</a>' in response.text
    evaluating_request.refresh_from_db()
    assert evaluating_request.status == "evaluating"
    assert not Placement.objects.exists()


def test_an_award_without_a_chosen_offer_asks_for_one(evaluating_request, alice, client_for):
    response = client_for(alice).post(
        url("request_award", evaluating_request), {"award-reason": "x"}
    )
    assert "Select the offer to award" in response.text
    assert not Placement.objects.exists()


def test_awarding_while_offers_are_open_answers_409(
    offered_request, near_invitation, alice, client_for
):
    response = client_for(alice).post(
        url("request_award", offered_request), award_data(near_invitation)
    )
    assert response.status_code == 409
    assert "This cannot be done while the request is open for offers" in response.text
    assert not Placement.objects.exists()
    near_invitation.refresh_from_db()
    assert near_invitation.status == "offered"


def test_none_suitable_records_the_reason_and_tells_the_providers(
    evaluating_request, alice, client_for
):
    client = client_for(alice)
    none_url = url("request_none_suitable", evaluating_request)
    reason = "Neither can provide on-site speech therapy"
    refused = client.post(none_url, {"none-reason": reason})
    assert "Select why no offer is suitable" in refused.text
    refused = client.post(none_url, {"none-reason": "", "none-reason_code": "cannot_meet_need"})
    assert '<a href="#id_none-reason">Enter a reason</a>' in refused.text
    response = client.post(
        none_url, {"none-reason": reason, "none-reason_code": "cannot_meet_need"}
    )
    assert response["Location"] == url("request_detail", evaluating_request)
    evaluating_request.refresh_from_db()
    assert evaluating_request.status == "none_suitable"
    assert evaluating_request.unmet_reason == "cannot_meet_need"
    statuses = set(
        RequestInvitation.objects.filter(request=evaluating_request).values_list(
            "status", flat=True
        )
    )
    assert statuses == {"unsuccessful"}


# --- Who may see and do what ----------------------------------------------------------------


def evaluation_posts(placement_request, invitation) -> list[tuple[str, dict]]:
    return [
        (rate_url(placement_request, invitation), {f"rate-{invitation.pk}-needs_fit": "3"}),
        (url("request_award", placement_request), award_data(invitation)),
        (
            url("request_none_suitable", placement_request),
            {"none-reason": "None", "none-reason_code": "price"},
        ),
    ]


def test_another_boroughs_commissioner_gets_404_on_every_evaluation_url(
    evaluating_request, near_invitation, charlie, client_for
):
    client = client_for(charlie)
    assert client.get(url("request_evaluation", evaluating_request)).status_code == 404
    for address, data in evaluation_posts(evaluating_request, near_invitation):
        assert client.post(address, data).status_code == 404, address
    evaluating_request.refresh_from_db()
    assert evaluating_request.status == "evaluating"


def test_a_provider_gets_403_on_every_evaluation_url(
    evaluating_request, near_invitation, pat, client_for
):
    client = client_for(pat)
    assert client.get(url("request_evaluation", evaluating_request)).status_code == 403
    for address, data in evaluation_posts(evaluating_request, near_invitation):
        assert client.post(address, data).status_code == 403, address


def test_a_borough_analyst_gets_403_on_every_evaluation_write(
    evaluating_request, near_invitation, croydon_analyst, client_for
):
    client = client_for(croydon_analyst)
    for address, data in evaluation_posts(evaluating_request, near_invitation):
        assert client.post(address, data).status_code == 403, address
    evaluating_request.refresh_from_db()
    assert evaluating_request.status == "evaluating"
    assert not Placement.objects.exists()
