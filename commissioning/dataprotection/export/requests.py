"""The child's record and their placement requests, with everything sent to and from providers.

For each invitation the export says what that provider was shown (the anonymised request, as
`placements.anonymised.AnonymousChild` builds it for the provider's page) and when.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch

from placements.anonymised import AnonymousChild
from placements.choices import NotMetReason
from placements.matching import distance_band
from placements.models import Child, OfferQuestion, PlacementRequest, RequestInvitation
from placements.standard.answers import answered
from placements.templatetags.money import pounds
from providers.choices import NeedCode

from .entries import Entry, Money, Part
from .people import People

NEEDS = dict(NeedCode.choices)
NOT_MET = dict(NotMetReason.choices)


def what_is_asked(placement_request: PlacementRequest) -> list[tuple[str, str, object]]:
    """The request's place and needs, as both the provider's copy and the borough's show them."""
    return [
        ("required_start_on", "Required start", placement_request.required_start_on),
        ("provision", "Provision", placement_request.get_provision_display()),
        ("weeks_per_year", "Weeks a year", placement_request.weeks_per_year),
        ("needs_summary", "Needs", placement_request.needs_summary),
        ("risks", "Risks", placement_request.risks),
        ("communication", "Communication", placement_request.communication),
        (
            "compatibility",
            "Who the child can live or learn alongside",
            placement_request.compatibility,
        ),
        ("additional_support", "Additional support", placement_request.additional_support),
    ]


def need_labels(codes) -> list[str]:
    return [NEEDS.get(code, code) for code in codes or []]


def child_entry(child: Child) -> Entry:
    return Entry(
        title=f"Child {child.reference}",
        values=[
            ("id", "Record id", str(child.public_id)),
            ("borough", "Borough", child.borough.name),
            ("reference", "Borough reference", child.reference),
            ("name", "Name", child.name),
            ("date_of_birth", "Date of birth", child.date_of_birth),
            (
                "national_curriculum_year",
                "National curriculum year",
                child.national_curriculum_year,
            ),
            ("sex", "Sex", child.get_sex_display()),
            ("home_postcode", "Home postcode", child.home_postcode),
            ("postcode_district", "Postcode district", child.postcode_district),
            ("primary_need", "Primary need", NEEDS.get(child.primary_need, child.primary_need)),
            ("secondary_needs", "Secondary needs", need_labels(child.secondary_needs)),
            ("ehcp_issued_on", "EHC plan issued", child.ehcp_issued_on),
            ("ehcp_last_review_on", "Last annual review", child.ehcp_last_review_on),
            ("ehcp_next_review_on", "Next annual review", child.ehcp_next_review_on),
            ("looked_after", "Looked after", child.looked_after),
            ("legal_status", "Legal status", child.get_legal_status_display()),
            ("created_at", "Record created", child.created_at),
        ],
    )


def event_part(events, people: People, heading: str = "History") -> Part:
    return Part(
        "events",
        heading,
        [
            Entry(
                title=f"{event.get_from_status_display() or 'New'} to {event.get_to_status_display()}",
                values=[
                    ("at", "When", event.at),
                    ("from_status", "From", event.get_from_status_display() or "New"),
                    ("to_status", "To", event.get_to_status_display()),
                    ("by", "By", people(event.actor_id)),
                    ("reason", "Why", event.reason),
                ],
            )
            for event in events
        ],
        table=True,
    )


def shared_entry(placement_request: PlacementRequest, invitation: RequestInvitation) -> Entry:
    seen = AnonymousChild.of(placement_request.child, on=placement_request.required_start_on)
    return Entry(
        title="What the provider was shown",
        values=[
            ("sent_at", "Sent", invitation.invited_at),
            ("curriculum_year", "School year", seen.curriculum_year),
            ("age_band", "Age on the start date", seen.age_band),
            ("sex", "Sex", seen.sex),
            ("primary_need", "Primary need", seen.primary_need),
            ("secondary_needs", "Secondary needs", seen.secondary_needs),
            ("postcode_district", "Postcode district", seen.postcode_district),
            ("distance_band", "Distance from home", distance_band(invitation.distance_km)),
            *what_is_asked(placement_request),
            ("response_deadline", "Response deadline", placement_request.response_deadline),
        ],
    )


def offer_part(invitation: RequestInvitation, people: People) -> Part:
    offer = getattr(invitation, "offer", None)
    entries = []
    if offer is not None:
        entries.append(
            Entry(
                title=f"Offer of {pounds(offer.weekly_fee)} a week",
                values=[
                    ("weekly_fee", "Weekly fee", Money(offer.weekly_fee)),
                    ("education", "Education", Money(offer.education)),
                    ("care", "Care", Money(offer.care)),
                    ("therapies", "Therapies", Money(offer.therapies)),
                    ("one_to_one", "One-to-one staffing", Money(offer.one_to_one)),
                    ("transport", "Transport", Money(offer.transport)),
                    ("other", "Other", Money(offer.other)),
                    ("weeks_per_year", "Weeks a year", offer.weeks_per_year),
                    ("proposed_start_on", "Proposed start", offer.proposed_start_on),
                    ("conditions", "Conditions", offer.conditions),
                    ("needs_fit", "How well it meets the needs (0 to 4)", offer.needs_fit),
                    ("submitted_by", "Offered by", people(offer.submitted_by_id)),
                    ("submitted_at", "Offered", offer.submitted_at),
                    ("updated_at", "Last changed", offer.updated_at),
                ],
            )
        )
    return Part("offer", "Offer", entries, empty="No offer was made.")


def question_part(invitation: RequestInvitation, people: People) -> Part:
    return Part(
        "questions",
        "Questions and answers",
        [
            Entry(
                title=f"Question asked {question.asked_at:%d/%m/%Y}",
                values=[
                    ("question", "Question", question.question),
                    ("asked_by", "Asked by", people(question.asked_by_id)),
                    ("asked_at", "Asked", question.asked_at),
                    ("answer", "Answer", question.answer),
                    (
                        "answered_by",
                        "Answered by",
                        people(question.answered_by_id) if question.answered_at else None,
                    ),
                    ("answered_at", "Answered", question.answered_at),
                ],
            )
            for question in invitation.questions.all()
        ],
    )


def invitation_entry(
    placement_request: PlacementRequest, invitation: RequestInvitation, people: People
) -> Entry:
    return Entry(
        title=f"Invitation to {invitation.setting.name} ({invitation.provider.legal_name})",
        values=[
            ("setting", "Setting", invitation.setting.name),
            ("provider", "Provider", invitation.provider.legal_name),
            ("status", "Status", invitation.get_status_display()),
            ("invited_at", "Invited", invitation.invited_at),
            ("invited_by", "Invited by", people(invitation.invited_by_id)),
            ("distance_km", "Distance from home (km)", invitation.distance_km),
            (
                "ceiling_weekly",
                "DPS ceiling (weekly)",
                Money(invitation.ceiling_weekly) if invitation.ceiling_weekly is not None else None,
            ),
            ("responded_at", "Responded", invitation.responded_at),
            ("decline_reason", "Reason for declining", invitation.get_decline_reason_display()),
            ("decline_note", "Note on declining", invitation.decline_note),
        ],
        parts=[
            Part(
                "shared_with_provider",
                "What the provider was shown",
                [shared_entry(placement_request, invitation)],
            ),
            offer_part(invitation, people),
            question_part(invitation, people),
            event_part(invitation.events.all(), people),
        ],
    )


def evaluation_part(placement_request: PlacementRequest, people: People) -> Part:
    """The frozen evaluation the decision was made on (none until decided)."""
    record = getattr(placement_request, "evaluation_record", None)
    entries = []
    if record is not None:
        offers = Part(
            "offers",
            "Offers as evaluated",
            [
                Entry(
                    title=row["setting_name"],
                    values=[
                        ("setting", "Setting", row["setting_name"]),
                        ("provider", "Provider", row["provider_name"]),
                        ("weekly_fee", "Weekly fee", Money(Decimal(row["weekly_fee"]))),
                        ("needs_fit", "Needs-fit rating (0 to 4)", row["needs_fit"]),
                        ("quality_score", "Quality score", row["quality_score"]),
                        ("price_score", "Price score", row["price_score"]),
                        ("total_score", "Total score", row["total_score"]),
                    ],
                )
                for row in record.sheet["rows"]
            ],
            table=True,
        )
        entries.append(
            Entry(
                title=f"Evaluation record: {record.get_outcome_display()}",
                values=[
                    ("outcome", "Decision", record.get_outcome_display()),
                    ("decided_by", "Decided by", people(record.decided_by_id)),
                    ("decided_at", "Decided", record.decided_at),
                    ("reason", "Reason", record.reason),
                    ("unrated_reason", "Why not every offer was rated", record.unrated_reason),
                    (
                        "safeguarding_reason",
                        "Why the award went ahead although safeguarding was not met",
                        record.safeguarding_reason,
                    ),
                    ("method", "How offers were scored", record.sheet["method"]),
                    ("digest", "SHA-256 of the record", record.digest),
                ],
                parts=[offers],
            )
        )
    return Part(
        "evaluation_record",
        "The evaluation the decision was made on",
        entries,
        empty="Not decided.",
    )


def request_entry(placement_request: PlacementRequest, people: People) -> Entry:
    budget = placement_request.budget_ceiling_weekly
    return Entry(
        title=f"Placement request {placement_request.reference}",
        values=[
            ("reference", "Reference", placement_request.reference),
            ("status", "Status", placement_request.get_status_display()),
            ("lot", "Lot", placement_request.lot.name),
            *what_is_asked(placement_request),
            (
                "budget_ceiling_weekly",
                "Budget ceiling (weekly, not shown to providers)",
                Money(budget) if budget is not None else None,
            ),
            ("response_deadline", "Response deadline", placement_request.response_deadline),
            (
                "mainstream_considered",
                "Mainstream provision considered",
                placement_request.mainstream_considered,
            ),
            (
                "in_borough_considered",
                "In-borough provision considered",
                placement_request.in_borough_considered,
            ),
            (
                "not_met_reasons",
                "Why mainstream or local provision does not meet the need",
                [NOT_MET.get(code, code) for code in placement_request.not_met_reasons or []],
            ),
            ("not_met_explanation", "Explanation", placement_request.not_met_explanation),
            ("phase_transfer", "Phase transfer", placement_request.get_phase_transfer_display()),
            ("transfer_on", "Transfer date", placement_request.transfer_on),
            ("created_by", "Raised by", people(placement_request.created_by_id)),
            ("created_at", "Raised", placement_request.created_at),
            ("opened_at", "Sent to providers", placement_request.opened_at),
            ("decided_at", "Decided", placement_request.decided_at),
            ("decision_reason", "Decision", placement_request.decision_reason),
            (
                "standard",
                "Placements Data Standard answers",
                [
                    f"{question}: {answer}"
                    for question, answer in answered(placement_request.standard)
                ],
            ),
        ],
        parts=[
            event_part(placement_request.events.all(), people),
            evaluation_part(placement_request, people),
            Part(
                "invitations",
                "Providers invited",
                [
                    invitation_entry(placement_request, invitation, people)
                    for invitation in placement_request.invitations.all()
                ],
                empty="No provider was invited.",
            ),
        ],
    )


def requests_part(child: Child, people: People) -> Part:
    requests = (
        PlacementRequest.objects.filter(child=child)
        .select_related("lot", "child", "evaluation_record")
        .prefetch_related(
            "events",
            Prefetch(
                "invitations",
                RequestInvitation.objects.select_related("setting", "provider", "offer").order_by(
                    "invited_at", "pk"
                ),
            ),
            "invitations__events",
            Prefetch("invitations__questions", OfferQuestion.objects.order_by("asked_at", "pk")),
        )
        .order_by("created_at", "pk")
    )
    return Part(
        "placement_requests",
        "Placement requests",
        [request_entry(placement_request, people) for placement_request in requests],
        empty="No placement request was raised.",
    )
