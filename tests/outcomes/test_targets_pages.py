"""Target pages: the borough's commissioners manage a placement's targets; other staff of the
borough and the placement's provider read them (the provider never sees who the child is);
another borough or provider gets 404."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape

from outcomes.models import Indicator, OutcomeTarget
from placements.models import ChildAccessLog

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_award_chain")]

IDENTITY = ("Sam Example", "CR-0042", "14 March 2016", "2016-03-14")


def url(name: str, obj) -> str:
    return reverse(f"outcomes:{name}", kwargs={"public_id": obj.public_id})


def date_parts(name: str, day: date) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def target_form(framework, **overrides) -> dict:
    self_care = Indicator.objects.get(domain__version=framework, code="self-care")
    return {
        "outcome": "Dresses for PE without help",
        "indicator": self_care.pk,
        "baseline": "-1",
        "target": "1",
        **date_parts("target_date", date(2027, 7, 31)),
        **overrides,
    }


def test_a_commissioner_sees_and_manages_the_targets(client_for, alice, placement, targets):
    page = client_for(alice).get(url("target_list", placement))

    assert page.status_code == 200
    text = page.content.decode()
    assert "Uses a communication aid to ask for help in class" in text
    assert "-2: Baseline: no change" in text  # the baseline with what it means
    assert "4: Secure: does this with little support" in text
    assert "Add a target" in text and url("target_edit", targets[0]) in text
    assert ChildAccessLog.objects.filter(user=alice, what__contains="outcome targets").exists()


@pytest.mark.parametrize("who", ["lead_analyst", "admin_user", "pat"])
def test_other_staff_and_the_provider_read_the_targets_only(
    request, client_for, who, placement, targets
):
    page = client_for(request.getfixturevalue(who)).get(url("target_list", placement))

    assert page.status_code == 200
    text = page.content.decode()
    assert "Travels to school on the bus with a travel buddy" in text
    assert "Add a target" not in text and url("target_edit", targets[0]) not in text


def test_the_provider_sees_the_placement_reference_and_never_the_child(
    client_for, pat, placement, targets
):
    text = client_for(pat).get(url("target_list", placement)).content.decode()

    assert placement.reference in text
    for detail in IDENTITY:
        assert detail not in text


@pytest.mark.parametrize("who", ["charlie", "olly", "bromley_analyst"])
def test_another_borough_or_provider_gets_404_on_every_target_page(
    request, client_for, who, placement, targets
):
    client = client_for(request.getfixturevalue(who))

    for page in (
        url("target_list", placement),
        url("target_create", placement),
        url("target_edit", targets[0]),
        url("target_delete", targets[0]),
    ):
        assert client.get(page).status_code == 404, page
    assert client.post(url("target_delete", targets[0])).status_code == 404
    assert OutcomeTarget.objects.count() == 2


@pytest.mark.parametrize("who", ["lead_analyst", "pat"])
def test_readers_cannot_open_the_managing_pages(request, client_for, who, placement, targets):
    client = client_for(request.getfixturevalue(who))

    assert client.get(url("target_create", placement)).status_code == 403
    assert client.post(url("target_delete", targets[0])).status_code == 403


def test_a_commissioner_adds_a_target(client_for, bob, placement, framework):
    answer = client_for(bob).post(url("target_create", placement), target_form(framework))

    assert answer.status_code == 302 and answer["Location"] == url("target_list", placement)
    target = OutcomeTarget.objects.get(placement=placement)
    assert (target.outcome, target.baseline, target.target, target.set_by) == (
        "Dresses for PE without help",
        -1,
        1,
        bob,
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"target": "-1"}, "target", "The target must be higher than the baseline"),
        (
            {"baseline": "4", "target": "5"},
            "baseline",
            "The baseline must be a score from -2 to 2 on this indicator's scale",
        ),
        ({"baseline": "two"}, "baseline", "The baseline must be a whole number, like 2"),
        ({"outcome": ""}, "outcome", "Enter the outcome from the EHC plan"),
        ({"indicator": ""}, "indicator", "Select an indicator"),
    ],
)
def test_a_targets_problems_are_shown_at_the_field(
    client_for, alice, placement, framework, overrides, field, message
):
    page = client_for(alice).post(
        url("target_create", placement), target_form(framework, **overrides)
    )

    assert page.status_code == 200
    assert page.context["form"].errors[field] == [message]
    assert escape(message) in page.content.decode()
    assert not OutcomeTarget.objects.exists()


def test_a_target_date_before_the_start_is_shown_at_the_date(
    client_for, alice, placement, framework
):
    before = date_parts("target_date", placement.starts_on)
    page = client_for(alice).post(url("target_create", placement), target_form(framework, **before))

    (error,) = page.context["form"].errors["target_date"]
    assert error.startswith("The target date must be after the placement's start date")


def test_a_commissioner_changes_and_removes_a_target(client_for, alice, placement, targets):
    client = client_for(alice)
    travel = targets[1]
    edit = client.get(url("target_edit", travel))
    assert edit.status_code == 200
    assert edit.context["form"].initial["baseline"] == 2

    client.post(
        url("target_edit", travel),
        {
            "outcome": "Travels to school on the bus alone",
            "indicator": travel.indicator_id,
            "baseline": "2",
            "target": "5",
            **date_parts("target_date", date(2027, 12, 17)),
        },
    )
    travel.refresh_from_db()
    assert (travel.outcome, travel.target, travel.target_date) == (
        "Travels to school on the bus alone",
        5,
        date(2027, 12, 17),
    )

    answer = client.post(url("target_delete", travel), follow=True)

    assert "Target removed" in answer.content.decode()
    assert list(OutcomeTarget.objects.all()) == [targets[0]]


def test_the_placement_pages_link_to_the_targets(client_for, alice, pat, placement, targets):
    council = client_for(alice).get(
        reverse("placements:placement_detail", kwargs={"public_id": placement.public_id})
    )
    provider = client_for(pat).get(
        reverse("placements:provider_placement_detail", kwargs={"public_id": placement.public_id})
    )

    assert "See and manage the targets" in council.content.decode()
    assert "2 targets from the EHC plan" in provider.content.decode()
    assert url("target_list", placement) in provider.content.decode()
