"""The child's placements: fees, and the outcomes work on each (targets, termly returns, scores)."""

from __future__ import annotations

from django.db.models import Prefetch

from outcomes.models import OutcomeTarget, TargetScore, TermlyReturn
from placements.models import Child, Invoice, Placement

from .agreements import agreement_part
from .entries import Entry, Money, Part
from .invoices import invoice_part
from .people import People
from .requests import event_part


def money(amount) -> Money | None:
    return Money(amount) if amount is not None else None


def fee_part(placement: Placement, people: People) -> Part:
    return Part(
        "fee_changes",
        "Fees",
        [
            Entry(
                title=f"From {fee.effective_from:%d/%m/%Y}",
                values=[
                    ("effective_from", "From", fee.effective_from),
                    ("weekly_fee", "Weekly fee", Money(fee.weekly_fee)),
                    ("reason", "Why", fee.reason),
                    ("recorded_by", "Recorded by", people(fee.recorded_by_id)),
                    ("recorded_at", "Recorded", fee.recorded_at),
                ],
            )
            for fee in placement.fees.all()
        ],
        table=True,
    )


def target_part(placement: Placement, people: People) -> Part:
    return Part(
        "outcome_targets",
        "Outcome targets",
        [
            Entry(
                title=target.indicator.name,
                values=[
                    ("domain", "Domain", target.indicator.domain.name),
                    ("indicator", "Indicator", target.indicator.name),
                    ("outcome", "Outcome from the EHC plan", target.outcome),
                    ("baseline", "Baseline", target.baseline),
                    ("target", "Target", target.target),
                    ("target_date", "Target date", target.target_date),
                    ("latest_score", "Latest score", target.latest_score),
                    ("set_by", "Set by", people(target.set_by_id)),
                    ("set_at", "Set", target.set_at),
                ],
            )
            for target in placement.targets.all()
        ],
        empty="No outcome targets were set.",
    )


def score_part(termly_return: TermlyReturn) -> Part:
    return Part(
        "scores",
        "Scores",
        [
            Entry(
                title=score.target.indicator.name,
                values=[
                    ("indicator", "Indicator", score.target.indicator.name),
                    ("score", "Score", score.score),
                    ("progress", "Progress", score.progress),
                    ("met", "Target met", score.met),
                    ("evidence", "Evidence", score.evidence),
                ],
            )
            for score in termly_return.scores.all()
        ],
        table=True,
    )


def return_entry(termly_return: TermlyReturn, people: People) -> Entry:
    return Entry(
        title=f"Termly return: {termly_return.term}",
        values=[
            ("term", "Term", str(termly_return.term)),
            ("status", "Status", termly_return.get_status_display()),
            ("late", "Late", termly_return.late),
            ("attendance_pct", "Attendance (%)", termly_return.attendance_pct),
            (
                "fixed_term_exclusion_days",
                "Suspensions (days)",
                termly_return.fixed_term_exclusion_days,
            ),
            ("permanently_excluded", "Permanently excluded", termly_return.permanently_excluded),
            ("serious_incidents", "Serious incidents", termly_return.serious_incidents),
            (
                "pfa_pathway",
                "Preparing for Adulthood pathway",
                termly_return.get_pfa_pathway_display(),
            ),
            ("summary", "Summary", termly_return.summary),
            ("mean_progress", "Mean progress", termly_return.mean_progress),
            ("targets_scored", "Targets scored", termly_return.targets_scored),
            ("targets_met", "Targets met", termly_return.targets_met),
            (
                "submitted_by",
                "Submitted by",
                people(termly_return.submitted_by_id) if termly_return.submitted_at else None,
            ),
            ("submitted_at", "Submitted", termly_return.submitted_at),
            ("decided_at", "Decided", termly_return.decided_at),
        ],
        parts=[score_part(termly_return), event_part(termly_return.events.all(), people)],
    )


def placement_entry(placement: Placement, people: People) -> Entry:
    return Entry(
        title=f"Placement {placement.reference} at {placement.setting.name}",
        values=[
            ("reference", "Reference", placement.reference),
            ("status", "Status", placement.get_status_display()),
            ("setting", "Setting", placement.setting.name),
            ("provider", "Provider", placement.provider.legal_name),
            ("lot", "Lot", placement.lot.name),
            ("request", "Request", placement.request.reference if placement.request_id else None),
            (
                "moved_from",
                "Moved from",
                placement.moved_from.reference if placement.moved_from_id else None,
            ),
            ("provision", "Provision", placement.get_provision_display()),
            ("weeks_per_year", "Weeks a year", placement.weeks_per_year),
            ("starts_on", "Start", placement.starts_on),
            ("ends_on", "End", placement.ends_on),
            ("end_reason", "Why it ended", placement.get_end_reason_display()),
            ("agreed_weekly", "Agreed weekly fee", Money(placement.agreed_weekly)),
            ("ceiling_weekly", "DPS ceiling (weekly)", money(placement.ceiling_weekly)),
            ("spot_weekly", "Spot-purchase price (weekly)", money(placement.spot_weekly)),
            ("distance_km", "Distance from home (km)", placement.distance_km),
            ("next_review_on", "Next annual review", placement.next_review_on),
            ("created_by", "Placed by", people(placement.created_by_id)),
            ("created_at", "Recorded", placement.created_at),
        ],
        parts=[
            fee_part(placement, people),
            agreement_part(placement, people),
            invoice_part(placement, people),
            target_part(placement, people),
            Part(
                "termly_returns",
                "Termly returns",
                [return_entry(termly_return, people) for termly_return in placement.returns.all()],
                empty="No termly returns.",
            ),
        ],
    )


def placements_part(child: Child, people: People) -> Part:
    placements = (
        Placement.objects.filter(child=child)
        .select_related("setting", "provider", "lot", "request", "moved_from")
        .prefetch_related(
            "fees",
            Prefetch(
                "targets",
                OutcomeTarget.objects.select_related("indicator__domain").order_by("set_at", "pk"),
            ),
            Prefetch(
                "returns",
                TermlyReturn.objects.select_related("term").order_by("term__starts_on", "pk"),
            ),
            Prefetch("returns__scores", TargetScore.objects.select_related("target__indicator")),
            "returns__events",
            "agreement__signatures__variation__agreement",
            "agreement__events",
            "agreement__downloads",
            "agreement__variations__events",
            Prefetch("invoices", Invoice.objects.order_by("period_start", "number", "version")),
            "invoices__lines",
            "invoices__events",
        )
        .order_by("starts_on", "pk")
    )
    return Part(
        "placements",
        "Placements",
        [placement_entry(placement, people) for placement in placements],
        empty="The child has not been placed through the portal.",
    )
