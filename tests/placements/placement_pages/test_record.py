"""A placement's record and its changes: fee changes, edits, ends and moves."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.models import FeeChange, Placement
from providers.models import Enrolment

from ..agreements.helpers import without_agreement
from .helpers import (
    _move_to,
    date_parts,
    started,
    url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_award_chain")]


def test_the_record_shows_the_money_and_the_actions(client_for, alice, placement):
    page = client_for(alice).get(url("placement_detail", placement))

    text = page.content.decode()
    assert (
        reverse("placements:child_detail", kwargs={"public_id": placement.child.public_id}) in text
    )
    for figure in ("£1,520.00", "£1,650.50", "£4,959.00", "£57,760.00"):
        assert figure in text
    for action in ("Change the fee", "Record review date and spot price", "End the placement"):
        assert action in text
    assert "Move to another setting" in text
    assert [fee.weekly_fee for fee in page.context["fees"]] == [Decimal("1520.00")]


def test_a_fee_change_moves_the_current_fee_and_committed_annual_cost(client_for, alice, placement):
    without_agreement(placement)  # under an agreement the fee changes by a variation
    started(placement, days_ago=100)
    client = client_for(alice)
    effective = timezone.localdate() - timedelta(days=10)

    response = client.post(
        url("placement_fee_change", placement),
        {**date_parts("effective_from", effective), "weekly_fee": "1,600", "reason": "Uplift"},
    )

    assert response["Location"] == url("placement_detail", placement)
    page = client.get(response["Location"])
    assert page.context["placement"].current_weekly == Decimal("1600.00")
    assert page.context["placement"].committed_annual == Decimal("60800.00")  # 1,600 x 38
    text = page.content.decode()
    assert "£60,800.00" in text
    assert "£4,959.00" in text  # the saving was made at award: a later uplift does not move it
    assert [fee.weekly_fee for fee in page.context["fees"]] == [
        Decimal("1520.00"),
        Decimal("1600.00"),
    ]


def test_a_fee_change_the_service_refuses_is_shown_at_its_field(client_for, alice, placement):
    without_agreement(placement)
    response = client_for(alice).post(
        url("placement_fee_change", placement),
        {
            **date_parts("effective_from", placement.starts_on - timedelta(days=1)),
            "weekly_fee": "1600",
            "reason": "Uplift",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["effective_from"] == [
        "The fee cannot change before the placement starts"
    ]
    assert FeeChange.objects.filter(placement=placement).count() == 1


def test_a_spot_price_and_review_date_are_recorded(client_for, alice, placement):
    review = placement.starts_on + timedelta(days=200)
    client = client_for(alice)

    client.post(
        url("placement_edit", placement),
        {"spot_weekly": "1,700.00", **date_parts("next_review_on", review)},
    )

    placement.refresh_from_db()
    assert (placement.spot_weekly, placement.next_review_on) == (Decimal("1700.00"), review)
    text = client.get(url("placement_detail", placement)).content.decode()
    assert "£6,840.00" in text  # (1,700 - 1,520) x 38 saved against the spot price


def test_ending_a_placement(client_for, alice, placement):
    ends_on = placement.starts_on + timedelta(days=100)
    client = client_for(alice)

    response = client.post(
        url("placement_end", placement), {**date_parts("ends_on", ends_on), "reason": "E4A"}
    )

    assert response["Location"] == url("placement_detail", placement)
    placement.refresh_from_db()
    assert (placement.status, placement.ends_on, placement.end_reason) == ("ended", ends_on, "E4A")
    page = client.get(response["Location"])
    assert "Returned home to parents (E4A)" in page.content.decode()
    assert page.context["placement"].committed_annual == Decimal("0.00")
    assert "End the placement" not in page.content.decode()
    assert client.get(url("placement_end", placement)).status_code == 302


def test_ending_needs_a_reason_and_a_date(client_for, alice, placement):
    response = client_for(alice).post(url("placement_end", placement), {})

    errors = response.context["form"].errors
    assert errors["reason"] == ["Select why the placement ended"]
    assert errors["ends_on"] == ["Enter the end date"]
    placement.refresh_from_db()
    assert placement.status == "active"


def test_moving_to_another_setting_on_the_lot(client_for, alice, placement, far_setting):
    client = client_for(alice)
    choices = client.get(url("placement_move", placement)).context["form"].fields["setting"]
    assert [enrolment.setting for enrolment in choices.queryset] == [far_setting]
    starts_on = placement.starts_on + timedelta(days=30)

    response = client.post(
        url("placement_move", placement),
        {
            "setting": str(Enrolment.objects.get(setting=far_setting).public_id),
            **date_parts("starts_on", starts_on),
            "weekly_fee": "1800",
            "reason": "Needs a smaller class",
        },
    )

    successor = Placement.objects.get(moved_from=placement)
    assert response["Location"] == url("placement_detail", successor)
    assert (successor.setting, successor.agreed_weekly) == (far_setting, Decimal("1800.00"))
    placement.refresh_from_db()
    assert (placement.status, placement.end_reason, placement.ends_on) == (
        "ended",
        "X1",
        starts_on,
    )
    new_page = client.get(url("placement_detail", successor)).content.decode()
    assert url("placement_detail", placement) in new_page  # moved from
    assert "£3,800.00" in new_page  # (1,900 - 1,800) x 38 against Other Schools' ceiling
    old_page = client.get(url("placement_detail", placement)).content.decode()
    assert url("placement_detail", successor) in old_page  # moved to


def test_a_move_needs_a_setting(client_for, alice, placement):
    response = client_for(alice).post(url("placement_move", placement), {"weekly_fee": "1800"})

    assert response.context["form"].errors["setting"] == ["Select the setting to move to"]
    assert not Placement.objects.filter(moved_from=placement).exists()


def test_a_move_recorded_with_a_start_date_in_the_past_needs_a_reason(
    client_for, alice, placement, far_setting
):
    started(placement, days_ago=60)
    client = client_for(alice)
    last_week = timezone.localdate() - timedelta(days=7)

    refused = client.post(url("placement_move", placement), _move_to(far_setting, last_week))

    assert refused.context["form"].errors["start_reason"] == [
        "Enter why the new placement is recorded as starting in the past"
    ]
    assert not Placement.objects.filter(moved_from=placement).exists()
    client.post(
        url("placement_move", placement),
        _move_to(far_setting, last_week, start_reason="Emergency move, recorded afterwards"),
    )
    successor = Placement.objects.get(moved_from=placement)
    assert successor.start_reason == "Emergency move, recorded afterwards"
    page = client.get(url("placement_detail", successor)).content.decode()
    assert "Emergency move, recorded afterwards" in page


def test_the_services_refuse_a_past_start_date_without_a_reason(
    alice, placement, far_setting, evaluating_request
):
    from kernel.errors import DomainError
    from placements import services

    started(placement, days_ago=60)
    last_week = timezone.localdate() - timedelta(days=7)
    with pytest.raises(DomainError) as refusal:
        services.placement_move(
            actor=alice,
            placement=placement,
            setting=far_setting,
            starts_on=last_week,
            weekly_fee=Decimal("1800.00"),
            reason="Needs a smaller class",
        )
    assert refusal.value.field == "start_reason"
    assert "is in the past" in refusal.value.message
