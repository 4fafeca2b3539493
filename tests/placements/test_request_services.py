"""The commissioning loop through the services: request, match, invite, offer, award, place."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from kernel.errors import DomainError, InvalidTransition, NotAllowed
from placements import services
from placements.choices import InvitationStatus, RequestStatus
from placements.matching import match_settings
from placements.models import Placement, RequestEvent

from .fixtures import enrolled_setting, offer_fields, request_fields

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]


def test_matching_ranks_enrolled_settings_that_fit_by_distance(
    draft_request, near_setting, far_setting
):
    matches = list(match_settings(draft_request))
    assert [m.setting for m in matches] == [near_setting, far_setting]
    near, far = matches
    assert 0.5 < near.distance_km < 1.5
    assert 6 < far.distance_km < 8
    assert near.ceiling_weekly == Decimal("1650.50")


@pytest.mark.parametrize(
    "change,why",
    [
        ({"vacancies": 0}, "no vacancy"),
        ({"needs": ["SEMH"]}, "does not cater for autism"),
        ({"age_low": 11}, "too young for it"),
        ({"sex": "girls"}, "a girls' school"),
        ({"offers_day": False}, "residential only"),
    ],
)
def test_matching_leaves_out_settings_that_do_not_fit(
    draft_request, near_setting, far_setting, change, why
):
    for name, value in change.items():
        setattr(near_setting, name, value)
    near_setting.save()
    assert [m.setting for m in match_settings(draft_request)] == [far_setting], why


def test_matching_leaves_out_settings_on_another_lot_or_suspended(
    draft_request, near_setting, far_setting, send_dps, bright_futures
):
    near_setting.enrolments.update(status="suspended")
    res_lot = send_dps.lots.get(kind="iss_res_38")
    enrolled_setting(
        bright_futures[0],
        res_lot,
        name="Residential only",
        latitude="51.37",
        longitude="-0.1",
        weekly_ceiling=Decimal("3000.00"),
    )
    assert [m.setting for m in match_settings(draft_request)] == [far_setting]


def test_a_draft_cannot_go_to_providers_until_the_policy_questions_are_answered(
    alice, child, send_day_lot, near_setting
):
    request = services.request_create(
        actor=alice, child=child, **request_fields(send_day_lot, not_met_reasons=[])
    )
    with pytest.raises(DomainError) as refused:
        services.request_invite(
            actor=alice, placement_request=request, setting_ids=[near_setting.pk]
        )
    assert refused.value.field == "not_met_reasons"
    request.refresh_from_db()
    assert request.status == RequestStatus.DRAFT
    assert not request.invitations.exists()


def test_inviting_opens_the_request_and_emails_each_provider(
    open_request, near_setting, far_setting
):
    assert open_request.status == RequestStatus.OPEN
    assert open_request.invitations.count() == 2
    invited = sorted(address for message in mail.outbox for address in message.to)
    assert invited == ["olly@otherschools.example.org", "pat@brightfutures.example.org"]
    near = open_request.invitations.get(setting=near_setting)
    assert near.ceiling_weekly == Decimal("1650.50")
    assert Decimal("0.5") < near.distance_km < Decimal("1.5")


def test_another_borough_cannot_act_on_a_request(charlie, draft_request, near_setting):
    with pytest.raises(NotAllowed):
        services.request_invite(
            actor=charlie, placement_request=draft_request, setting_ids=[near_setting.pk]
        )


def test_a_provider_can_only_answer_its_own_invitation(olly, near_invitation):
    with pytest.raises(NotAllowed):
        services.offer_submit(actor=olly, invitation=near_invitation, **offer_fields("1000.00"))


def test_the_full_loop_awards_one_offer_and_tells_the_other(
    placement, far_invitation, near_setting
):
    far_invitation.refresh_from_db()
    assert far_invitation.status == InvitationStatus.UNSUCCESSFUL
    request = placement.request
    assert request.status == RequestStatus.AWARDED
    assert placement.agreed_weekly == Decimal("1520.00")
    assert placement.ceiling_weekly == Decimal("1650.50")
    assert placement.annual_saving_vs_ceiling == Decimal("4959.00")  # 130.50 x 38
    near_setting.refresh_from_db()
    assert near_setting.vacancies == 1
    subjects = [m.subject for m in mail.outbox]
    assert any("your offer was successful" in s for s in subjects)
    assert any("your offer was not successful" in s for s in subjects)
    moves = list(RequestEvent.objects.filter(request=request).values_list("to_status", flat=True))
    assert moves == ["open", "evaluating", "awarded"]


def test_award_refuses_when_the_setting_has_no_vacancy_left(
    alice, evaluating_request, near_invitation, near_setting
):
    near_setting.vacancies = 0
    near_setting.save()
    near_invitation.refresh_from_db()
    with pytest.raises(DomainError):
        services.request_award(
            actor=alice,
            placement_request=evaluating_request,
            invitation=near_invitation,
            reason="Best",
        )
    assert not Placement.objects.exists()


def test_offers_close_at_evaluation(olly, evaluating_request, far_invitation):
    far_invitation.refresh_from_db()
    with pytest.raises(DomainError):
        services.offer_submit(actor=olly, invitation=far_invitation, **offer_fields("1.00"))


def test_a_provider_can_withdraw_before_award_but_not_after(
    pat, olly, placement, far_invitation, near_invitation
):
    near_invitation.refresh_from_db()
    with pytest.raises(DomainError):
        services.offer_withdraw(actor=pat, invitation=near_invitation)


def test_declining_for_another_reason_needs_a_note(olly, far_invitation):
    with pytest.raises(DomainError) as refused:
        services.offer_decline(actor=olly, invitation=far_invitation, reason="other")
    assert refused.value.field == "note"
    services.offer_decline(actor=olly, invitation=far_invitation, reason="no_capacity")
    far_invitation.refresh_from_db()
    assert far_invitation.status == InvitationStatus.DECLINED


def test_a_question_is_answered_by_the_commissioner(alice, olly, far_invitation, emails):
    with emails():
        question = services.question_ask(
            actor=olly, invitation=far_invitation, question="Is transport needed?"
        )
        services.question_answer(
            actor=alice, question=question, answer="Yes, the borough arranges it."
        )
    question.refresh_from_db()
    assert question.answered_by == alice
    assert any("has been answered" in m.subject for m in mail.outbox)


def test_deadlines_passing_close_open_requests(open_request):
    later = timezone.localdate() + timedelta(days=30)
    assert services.requests_close_expired(today=later) == 1
    open_request.refresh_from_db()
    assert open_request.status == RequestStatus.EVALUATING
    assert set(open_request.invitations.values_list("status", flat=True)) == {"no_response"}


def test_cancelling_after_award_is_refused(alice, placement):
    with pytest.raises(InvalidTransition):
        services.request_cancel(
            actor=alice, placement_request=placement.request, reason="Changed plans"
        )


def test_ending_a_placement_gives_the_vacancy_back(alice, placement, near_setting):
    services.placement_end(
        actor=alice,
        placement=placement,
        ends_on=placement.starts_on + timedelta(days=100),
        reason="E4A",
    )
    near_setting.refresh_from_db()
    assert near_setting.vacancies == 2


def test_moving_a_placement_ends_it_with_x1_and_starts_the_next(alice, placement, far_setting):
    moved_on = placement.starts_on + timedelta(days=200)
    successor = services.placement_move(
        actor=alice,
        placement=placement,
        setting=far_setting,
        starts_on=moved_on,
        weekly_fee=Decimal("1700.00"),
        reason="Needs changed",
    )
    placement.refresh_from_db()
    assert (placement.status, placement.end_reason, placement.ends_on) == ("ended", "X1", moved_on)
    assert successor.moved_from == placement
    assert successor.ceiling_weekly == Decimal("1900.00")


def test_awarding_an_offer_whose_start_date_has_passed_needs_a_reason(
    alice, evaluating_request, near_invitation, far_invitation, emails
):
    for invitation, needs_fit in ((near_invitation, 3), (far_invitation, 2)):
        services.offer_rate(actor=alice, offer=invitation.offer, needs_fit=needs_fit)
    last_week = timezone.localdate() - timedelta(days=7)
    type(near_invitation.offer).objects.filter(pk=near_invitation.offer.pk).update(
        proposed_start_on=last_week
    )
    near_invitation.refresh_from_db()
    award = {
        "actor": alice,
        "placement_request": evaluating_request,
        "invitation": near_invitation,
        "reason": "Nearest, Good Ofsted, lowest price",
    }

    with pytest.raises(DomainError) as refusal:
        services.request_award(**award)
    assert refusal.value.field == "start_reason"
    assert not Placement.objects.filter(request=evaluating_request).exists()

    with emails():
        placement = services.request_award(**award, start_reason="Placed in an emergency")
    assert (placement.starts_on, placement.start_reason) == (last_week, "Placed in an emergency")
    assert placement.stage == "active"
