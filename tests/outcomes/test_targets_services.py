"""Setting a placement's outcome targets: who may, against which indicators, with which scores."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from kernel.errors import DomainError, NotAllowed
from outcomes.choices import VersionStatus
from outcomes.models import Indicator, OutcomeTarget, TargetScore, TermlyReturn
from outcomes.services import targets as services
from placements.models import Placement
from tests.outcomes.fixtures import build_framework

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_award_chain")]

LATER = date(2027, 7, 31)


def indicator(version, code: str) -> Indicator:
    return Indicator.objects.get(domain__version=version, code=code)


def set_target(actor, placement, version, **overrides) -> OutcomeTarget:
    fields = {
        "indicator": indicator(version, "self-care"),
        "outcome": "Dresses for PE without help",
        "baseline": -1,
        "target": 1,
        "target_date": LATER,
        **overrides,
    }
    return services.target_set(actor=actor, placement=placement, **fields)


def refusal(call) -> tuple[str | None, str]:
    with pytest.raises(DomainError) as refused:
        call()
    return refused.value.field, refused.value.message


def test_a_commissioner_sets_a_target_against_the_agreed_framework(alice, placement, framework):
    target = set_target(alice, placement, framework)

    assert OutcomeTarget.objects.get(pk=target.pk).set_by == alice
    assert (target.baseline, target.target, target.is_met) == (-1, 1, False)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"baseline": -3},
            "baseline",
            services.MSG_SCORE_RANGE.format(what="baseline", low=-2, high=2),
        ),
        ({"target": 3}, "target", services.MSG_SCORE_RANGE.format(what="target", low=-2, high=2)),
        ({"baseline": 1, "target": 1}, "target", services.MSG_TARGET_NOT_ABOVE),
        ({"outcome": "  "}, "outcome", services.MSG_OUTCOME),
    ],
)
def test_scores_outside_the_scale_or_not_above_the_baseline_are_refused_at_the_field(
    alice, placement, framework, overrides, field, message
):
    assert refusal(lambda: set_target(alice, placement, framework, **overrides)) == (field, message)


def test_a_rating_indicator_scores_from_1_to_5(alice, placement, framework):
    travel = indicator(framework, "travel")

    field, _ = refusal(
        lambda: set_target(alice, placement, framework, indicator=travel, baseline=0, target=2)
    )
    assert field == "baseline"
    assert set_target(alice, placement, framework, indicator=travel, baseline=1, target=5)


def test_the_target_date_must_be_after_the_placement_starts(alice, placement, framework):
    field, message = refusal(
        lambda: set_target(alice, placement, framework, target_date=placement.starts_on)
    )

    assert field == "target_date"
    assert message.startswith("The target date must be after the placement's start date")


def test_an_indicator_of_a_draft_version_is_refused(alice, placement, framework, admin_user):
    draft = build_framework(framework.consortium, admin_user, number=2, status=VersionStatus.DRAFT)

    field, message = refusal(
        lambda: set_target(alice, placement, framework, indicator=indicator(draft, "self-care"))
    )
    assert (field, message) == ("indicator", services.MSG_INDICATOR_NOT_CURRENT)


def test_no_target_before_a_framework_is_agreed(alice, placement, consortium, admin_user):
    draft = build_framework(consortium, admin_user, status=VersionStatus.DRAFT)

    field, message = refusal(lambda: set_target(alice, placement, draft))
    assert (field, message) == ("indicator", services.MSG_NO_FRAMEWORK)


@pytest.mark.parametrize("who", ["bromley_analyst", "charlie", "lead_analyst", "pat"])
def test_only_a_commissioner_of_the_placements_borough_sets_targets(
    request, who, placement, framework
):
    with pytest.raises(NotAllowed):
        set_target(request.getfixturevalue(who), placement, framework)


def test_an_ended_placement_takes_no_new_targets(alice, placement, framework):
    Placement.objects.filter(pk=placement.pk).update(
        status="ended", ends_on=placement.starts_on + timedelta(days=1), end_reason="E4A"
    )
    placement.refresh_from_db()

    assert refusal(lambda: set_target(alice, placement, framework)) == (
        None,
        services.MSG_PLACEMENT_ENDED,
    )


def test_a_target_keeps_its_old_version_indicator_when_changed(
    alice, targets, framework, admin_user
):
    framework.status = VersionStatus.SUPERSEDED
    framework.save(update_fields=["status"])
    version_2 = build_framework(framework.consortium, admin_user, number=2)
    communication = targets[0]

    changed = services.target_update(
        actor=alice,
        target=communication,
        indicator=communication.indicator,
        outcome="Uses a communication aid in class and at lunch",
        baseline=-2,
        target_score=1,
        target_date=LATER,
    )
    assert changed.indicator.domain.version_id == framework.pk
    assert changed.target == 1

    field, _ = refusal(
        lambda: services.target_update(
            actor=alice,
            target=communication,
            indicator=indicator(framework, "self-care"),
            outcome="x",
            baseline=-2,
            target_score=1,
            target_date=LATER,
        )
    )
    assert field == "indicator"
    assert indicator(version_2, "self-care")


def scored(target: OutcomeTarget, term, version) -> TargetScore:
    termly_return = TermlyReturn.objects.create(
        placement=target.placement,
        term=term,
        framework_version=version,
        submitted_at=timezone.now(),
    )
    return TargetScore.objects.create(
        termly_return=termly_return, target=target, score=-1, evidence="Asked for help twice"
    )


def test_a_scored_target_keeps_its_baseline_and_cannot_be_removed(alice, targets, terms, framework):
    communication = targets[0]
    scored(communication, terms[-1], framework)

    assert refusal(lambda: services.target_remove(actor=alice, target=communication)) == (
        None,
        services.MSG_HAS_SCORES,
    )
    field, _ = refusal(
        lambda: services.target_update(
            actor=alice,
            target=communication,
            indicator=communication.indicator,
            outcome=communication.outcome,
            baseline=-1,
            target_score=0,
            target_date=LATER,
        )
    )
    assert field == "baseline"


def test_an_unscored_target_is_removed(alice, targets):
    services.target_remove(actor=alice, target=targets[1])

    assert list(OutcomeTarget.objects.values_list("pk", flat=True)) == [targets[0].pk]
