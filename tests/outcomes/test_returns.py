"""Termly return services: submit, correct, query, accept; the progress kept from the scores;
the checks a return must pass; and what a new framework version leaves alone."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from kernel.errors import DomainError, InvalidTransition, NotAllowed
from notifications.models import OutboxMessage, OutboxStatus
from outcomes.choices import ReturnStatus, VersionStatus
from outcomes.models import FrameworkVersion, OutcomeTarget, TargetScore
from outcomes.notifications import muted
from outcomes.services import returns as services
from outcomes.services import returns_scoring as scoring
from placements.services.common import MSG_NOT_COMMISSIONER

from .fixtures import build_framework
from .test_returns_helpers import figures, in_year_9, placed_since, scores, submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_award_chain")]


@pytest.fixture
def placed(placement, targets, terms):
    return placed_since(placement)


def progress_of(made) -> list[tuple[int, int, bool]]:
    """(score, progress, met) of a return's scores, communication first."""
    return [(s.score, s.progress, s.met) for s in made.scores.order_by("target_id")]


def latest(targets) -> list[int | None]:
    return [OutcomeTarget.objects.get(pk=t.pk).latest_score for t in targets]


# --- Progress -----------------------------------------------------------------------------------


def test_the_first_return_measures_progress_from_the_baseline(pat, placed, targets, terms):
    made = submit(pat, placed, terms[0], targets, communication=-1, travel=3)

    assert made.status == ReturnStatus.SUBMITTED
    assert progress_of(made) == [(-1, 1, False), (3, 1, False)]
    assert made.mean_progress == Decimal("1.000")
    assert latest(targets) == [-1, 3]


def test_the_next_return_measures_progress_from_the_one_before(pat, placed, targets, terms):
    submit(pat, placed, terms[0], targets, communication=-1, travel=3)
    second = submit(pat, placed, terms[1], targets, communication=0, travel=3)

    assert progress_of(second) == [(0, 1, True), (3, 0, False)]
    assert second.mean_progress == Decimal("0.500")
    assert latest(targets) == [0, 3]


def test_mean_progress_is_kept_to_three_decimal_places(pat, placed, targets, terms, alice):
    indicator = targets[0].indicator
    OutcomeTarget.objects.create(
        placement=placed,
        indicator=indicator,
        outcome="Joins in a group conversation",
        baseline=-2,
        target=1,
        target_date=date(2027, 7, 31),
        set_by=alice,
    )
    rows = scores(targets, communication=-1, travel=2)
    rows.append({"target": placed.targets.last(), "score": -2, "evidence": "Observed"})
    made = services.return_submit(
        actor=pat, placement=placed, term=terms[0], scores=rows, on=date(2025, 1, 1), **figures()
    )

    assert made.mean_progress == Decimal("0.333")  # (1 + 0 + 0) / 3


def test_a_correction_recomputes_the_next_terms_progress(pat, alice, placed, targets, terms):
    first = submit(pat, placed, terms[0], targets, communication=-1, travel=3)
    second = submit(pat, placed, terms[1], targets, communication=0, travel=4)
    services.return_query(actor=alice, termly_return=first, reason="Travel was 2, not 3")

    services.return_correct(
        actor=pat,
        termly_return=first,
        scores=scores(targets, communication=-1, travel=2),
        reason="Travel corrected to 2",
        **figures(),
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == ReturnStatus.SUBMITTED
    assert progress_of(first) == [(-1, 1, False), (2, 0, False)]
    assert first.mean_progress == Decimal("0.500")
    assert progress_of(second) == [(0, 1, True), (4, 2, True)]
    assert second.mean_progress == Decimal("1.500")
    assert latest(targets) == [0, 4]


def test_a_return_counts_its_targets_scored_and_met_through_corrections(
    pat, alice, placed, targets, terms
):
    made = submit(pat, placed, terms[0], targets, communication=-1, travel=3)
    assert (made.targets_scored, made.targets_met) == (2, 0)
    services.return_query(actor=alice, termly_return=made, reason="Communication was 0")

    services.return_correct(
        actor=pat,
        termly_return=made,
        scores=scores(targets, communication=0, travel=3),
        reason="Communication corrected to 0",
        **figures(),
    )

    made.refresh_from_db()
    assert (made.targets_scored, made.targets_met) == (2, 1)  # communication reached 0


def test_a_late_return_for_an_earlier_term_moves_the_later_terms_progress(
    pat, placed, targets, terms
):
    later = submit(pat, placed, terms[1], targets, communication=0, travel=4)
    assert later.mean_progress == Decimal("2.000")  # from the baselines, -2 and 2

    submit(pat, placed, terms[0], targets, communication=-1, travel=3, on=date(2025, 5, 1))

    later.refresh_from_db()
    assert progress_of(later) == [(0, 1, True), (4, 1, True)]
    assert later.mean_progress == Decimal("1.000")
    assert latest(targets) == [0, 4]  # the latest term's, not the latest written


# --- Late, and the checks -----------------------------------------------------------------------


def test_a_return_after_the_due_date_is_late_and_one_on_it_is_not(pat, placed, targets, terms):
    on_the_day = submit(pat, placed, terms[0], targets, -1, 3, on=terms[0].returns_due_on)
    after = submit(
        pat, placed, terms[1], targets, -1, 3, on=terms[1].returns_due_on + timedelta(days=1)
    )

    assert on_the_day.late is False
    assert after.late is True


@pytest.mark.parametrize(
    ("communication", "travel", "evidence", "message"),
    [
        (3, 3, "Seen", scoring.MSG_SCORE_RANGE.format(low=-2, high=2)),
        (0, 0, "Seen", scoring.MSG_SCORE_RANGE.format(low=1, high=5)),
        (0, 3, "  ", scoring.MSG_EVIDENCE_REQUIRED),
    ],
)
def test_a_score_off_its_scale_or_without_evidence_is_refused(
    pat, placed, targets, terms, communication, travel, evidence, message
):
    rows = scores(targets, communication, travel, evidence=evidence)
    with pytest.raises(DomainError) as refused:
        services.return_submit(actor=pat, placement=placed, term=terms[0], scores=rows, **figures())

    assert message in refused.value.message
    assert refused.value.field == "scores"
    assert not placed.returns.exists()


def test_every_target_is_scored_exactly_once(pat, placed, targets, terms):
    once = scores(targets, 0, 3)
    for rows, message in [
        (once[:1], scoring.MSG_SCORE_MISSING),
        ([*once, once[0]], scoring.MSG_SCORE_TWICE),
        ([*once, {"target": "not-an-id", "score": 1, "evidence": "x"}], scoring.MSG_SCORE_UNKNOWN),
    ]:
        with pytest.raises(DomainError) as refused:
            services.return_submit(
                actor=pat, placement=placed, term=terms[0], scores=rows, **figures()
            )
        assert message in refused.value.message


def test_a_pathway_is_refused_below_year_9_and_required_from_it(pat, placed, targets, terms):
    with pytest.raises(DomainError) as too_young:
        submit(pat, placed, terms[0], targets, 0, 3, pfa_pathway="employment")
    assert (too_young.value.message, too_young.value.field) == (
        scoring.MSG_PATHWAY_TOO_YOUNG,
        "pfa_pathway",
    )

    in_year_9(placed.child)
    placed.refresh_from_db()
    with pytest.raises(DomainError) as missing:
        submit(pat, placed, terms[0], targets, 0, 3)
    assert missing.value.message == scoring.MSG_PATHWAY_REQUIRED

    made = submit(pat, placed, terms[0], targets, 0, 3, pfa_pathway="supported_internship")
    assert made.pfa_pathway == "supported_internship"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"attendance_pct": None}, "attendance_pct", scoring.MSG_ATTENDANCE_REQUIRED),
        ({"attendance_pct": Decimal("100.1")}, "attendance_pct", scoring.MSG_ATTENDANCE_RANGE),
        (
            {"fixed_term_exclusion_days": -1},
            "fixed_term_exclusion_days",
            scoring.MSG_EXCLUSION_DAYS,
        ),
        ({"serious_incidents": -1}, "serious_incidents", scoring.MSG_INCIDENTS),
    ],
)
def test_the_terms_figures_are_checked(pat, placed, targets, terms, overrides, field, message):
    with pytest.raises(DomainError) as refused:
        submit(pat, placed, terms[0], targets, 0, 3, **overrides)

    assert (refused.value.message, refused.value.field) == (message, field)


def test_a_term_not_yet_started_or_before_the_placement_is_refused(pat, placement, targets, terms):
    placed_since(placement, date(2025, 1, 1))  # after the autumn 2024 term ended
    with pytest.raises(DomainError) as before:
        submit(pat, placement, terms[0], targets, 0, 3)
    assert before.value.message == services.MSG_NOT_PLACED

    with pytest.raises(DomainError) as not_started:
        submit(pat, placement, terms[7], targets, 0, 3, on=timezone.localdate())
    assert not_started.value.message == services.MSG_TERM_NOT_STARTED


def test_only_the_placements_provider_submits(olly, alice, placed, targets, terms):
    for actor in (olly, alice):
        with pytest.raises(NotAllowed):
            submit(actor, placed, terms[0], targets, 0, 3)


def test_a_second_return_for_the_same_term_is_refused(pat, placed, targets, terms):
    submit(pat, placed, terms[0], targets, 0, 3)

    with pytest.raises(InvalidTransition) as refused:
        submit(pat, placed, terms[0], targets, 1, 4)
    assert refused.value.message == services.MSG_ALREADY_IN


# --- Query and accept ---------------------------------------------------------------------------


def test_a_query_needs_a_reason_and_a_commissioner_of_the_borough(
    pat, alice, charlie, lead_analyst, placed, targets, terms
):
    made = submit(pat, placed, terms[0], targets, 0, 3)

    with pytest.raises(DomainError) as no_reason:
        services.return_query(actor=alice, termly_return=made, reason="  ")
    assert (no_reason.value.message, no_reason.value.field) == (services.MSG_QUERY_REASON, "reason")
    for outsider in (charlie, lead_analyst, pat):
        with pytest.raises(NotAllowed) as refused:
            services.return_query(actor=outsider, termly_return=made, reason="Why?")
        assert refused.value.message == MSG_NOT_COMMISSIONER


def test_wrong_states_are_refused(pat, alice, placed, targets, terms):
    made = submit(pat, placed, terms[0], targets, 0, 3)
    services.return_query(actor=alice, termly_return=made, reason="Check travel")

    with pytest.raises(InvalidTransition):
        services.return_accept(actor=alice, termly_return=made)
    with pytest.raises(InvalidTransition):
        services.return_query(actor=alice, termly_return=made, reason="Again")
    services.return_correct(
        actor=pat, termly_return=made, scores=scores(targets, 0, 3), reason="Checked", **figures()
    )
    services.return_accept(actor=alice, termly_return=made)
    with pytest.raises(InvalidTransition):
        services.return_correct(
            actor=pat, termly_return=made, scores=scores(targets, 0, 3), reason="x", **figures()
        )


def test_the_history_records_who_moved_the_return_when_and_why(pat, alice, placed, targets, terms):
    made = submit(pat, placed, terms[0], targets, 0, 3)
    services.return_query(actor=alice, termly_return=made, reason="Travel looks high")
    services.return_correct(
        actor=pat, termly_return=made, scores=scores(targets, 0, 2), reason="Fixed", **figures()
    )
    services.return_accept(actor=alice, termly_return=made, note="Thank you")

    history = [(e.from_status, e.to_status, e.actor, e.reason) for e in made.events.all()]
    assert history == [
        ("", "submitted", pat, ""),
        ("submitted", "queried", alice, "Travel looks high"),
        ("queried", "submitted", pat, "Fixed"),
        ("submitted", "accepted", alice, "Thank you"),
    ]
    made.refresh_from_db()
    assert made.decided_at is not None
    assert made.submitted_by == pat


def test_accepting_republishes_the_consortiums_benchmarks_after_commit(
    pat, alice, placed, targets, terms, monkeypatch, django_capture_on_commit_callbacks
):
    published = []
    monkeypatch.setattr(
        "outcomes.tasks.outcome_records_refresh",
        lambda consortium_id: published.append(consortium_id) or 0,
    )
    made = submit(pat, placed, terms[0], targets, 0, 3)

    with django_capture_on_commit_callbacks(execute=False) as on_commit:
        services.return_accept(actor=alice, termly_return=made)
    queued = OutboxMessage.objects.get(task_name="outcomes.tasks.publish_outcome_records")
    assert (queued.args, queued.status, published) == (
        [placed.borough.consortium_id],
        "pending",
        [],
    )

    for callback in on_commit:
        callback()
    queued.refresh_from_db()
    assert (queued.status, published) == (OutboxStatus.DONE, [placed.borough.consortium_id])


# --- Emails -------------------------------------------------------------------------------------


def test_the_borough_is_emailed_a_submission_and_the_provider_a_query_and_an_acceptance(
    pat, alice, bob, placed, targets, terms, emails, monkeypatch
):
    monkeypatch.setattr("outcomes.tasks.outcome_records_refresh", lambda consortium_id: 0)
    mail.outbox.clear()  # the placement fixture's own emails
    with emails():
        made = submit(pat, placed, terms[0], targets, 0, 3)
    submitted = mail.outbox[-1]
    assert sorted(submitted.to) == [alice.email, bob.email]
    assert placed.reference in submitted.subject

    with emails():
        services.return_query(actor=alice, termly_return=made, reason="Travel looks high")
    queried = mail.outbox[-1]
    assert queried.to == [pat.email]
    assert "Travel looks high" in queried.body
    assert "CR-0042" not in queried.body

    with emails():
        services.return_correct(
            actor=pat, termly_return=made, scores=scores(targets, 0, 2), reason="x", **figures()
        )
        services.return_accept(actor=alice, termly_return=made)
    assert "corrected" in mail.outbox[-2].subject
    assert mail.outbox[-1].to == [pat.email]
    assert "accepted" in mail.outbox[-1].subject
    assert len(mail.outbox) == 4


def test_muted_returns_send_no_email(pat, placed, targets, terms, emails):
    mail.outbox.clear()
    with emails(), muted():
        submit(pat, placed, terms[0], targets, 0, 3)

    assert mail.outbox == []


# --- Framework versions -------------------------------------------------------------------------


def test_a_new_framework_version_leaves_old_returns_unchanged(
    pat, admin_user, framework, placed, targets, terms
):
    old = submit(pat, placed, terms[0], targets, -1, 3)
    before = list(TargetScore.objects.filter(termly_return=old).values())

    FrameworkVersion.objects.filter(pk=framework.pk).update(status=VersionStatus.SUPERSEDED)
    second = build_framework(framework.consortium, admin_user, number=2)
    new = submit(pat, placed, terms[1], targets, 0, 3)

    old.refresh_from_db()
    assert old.framework_version == framework
    assert list(TargetScore.objects.filter(termly_return=old).values()) == before
    assert old.mean_progress == Decimal("1.000")
    assert new.framework_version == second
