"""Every row that holds something about a child, where the export shows it, and what
anonymisation does to its text.

The one list the subject access export and the retention job answer to:
tests/dataprotection/test_inventory.py fails when a model that reaches a child is missing here,
or when one of its text fields is neither scrubbed nor kept with a reason, and test_export.py
when a listed row is missing from the export. ADR 10 explains each choice; in short:

- the child's own row is anonymised field by field (`retention.anonymised_child_fields`);
- free text written about the child (needs, reasons, questions, evidence, EHC plan outcomes) is
  replaced by SCRUBBED, because anyone may have written a name, a diagnosis or a family detail
  in it; codes, dates, amounts and scores stay, because the figures are built from them;
- who did what (staff and providers) stays: it is the record of the council's own decisions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model

from outcomes.models import OutcomeTarget, ReturnEvent, TargetScore, TermlyReturn
from placements.models import (
    AgreementDownload,
    AgreementEvent,
    AgreementSignature,
    AgreementVariation,
    ChildAccessLog,
    EvaluationRecord,
    FeeChange,
    InvitationEvent,
    Invoice,
    InvoiceEvent,
    InvoiceLine,
    Offer,
    OfferQuestion,
    Placement,
    PlacementAgreement,
    PlacementRequest,
    RequestEvent,
    RequestInvitation,
    VariationEvent,
)
from placements.services.agreements import agreements_anonymise
from placements.services.records import evaluation_records_anonymise
from placements.services.standard import requests_anonymise

SCRUBBED = "Removed when the record was anonymised"


@dataclass(frozen=True)
class Held:
    """A model holding rows about a child: the lookup from it to the child, where the export's
    JSON shows its rows (keys from the top, dotted), the free-text fields anonymisation
    replaces, and the text fields it keeps (with why)."""

    model: type[Model]
    child_path: str
    shown_in: str
    scrub: tuple[str, ...] = ()
    keep: dict[str, str] = field(default_factory=dict)
    # For a frozen record that refuses plain updates: how its text is scrubbed instead.
    scrubber: Callable[..., int] | None = None

    def rows_of(self, child_id: int):
        return self.model.objects.filter(**{f"{self.child_path}_id": child_id})


HELD: tuple[Held, ...] = (
    Held(
        PlacementRequest,
        "child",
        "placement_requests",
        scrub=(
            "needs_summary",
            "risks",
            "communication",
            "compatibility",
            "additional_support",
            "not_met_explanation",
            "decision_reason",
        ),
        # ...and the Placements Data Standard's free-text answers inside `standard`.
        scrubber=requests_anonymise,
    ),
    Held(RequestEvent, "request__child", "placement_requests.events", scrub=("reason",)),
    Held(
        RequestInvitation,
        "request__child",
        "placement_requests.invitations",
        scrub=("decline_note",),
    ),
    Held(
        EvaluationRecord,
        "request__child",
        "placement_requests.evaluation_record",
        scrub=("reason", "unrated_reason", "safeguarding_reason"),
        keep={"digest": "a SHA-256 of the sheet as decided: nothing personal"},
        scrubber=evaluation_records_anonymise,
    ),
    Held(
        InvitationEvent,
        "invitation__request__child",
        "placement_requests.invitations.events",
        scrub=("reason",),
    ),
    Held(
        Offer,
        "invitation__request__child",
        "placement_requests.invitations.offer",
        scrub=("conditions", "above_ceiling_reason"),
    ),
    Held(
        OfferQuestion,
        "invitation__request__child",
        "placement_requests.invitations.questions",
        scrub=("question", "answer"),
    ),
    Held(Placement, "child", "placements", scrub=("start_reason",)),
    Held(FeeChange, "placement__child", "placements.fee_changes", scrub=("reason",)),
    Held(
        PlacementAgreement,
        "placement__child",
        "placements.agreements",
        keep={
            "draft_sha256": "a SHA-256 of the draft PDF: nothing personal",
            "signed_sha256": "a SHA-256 of the signed PDF: nothing personal",
        },
        # The snapshot's case reference and free text are rewritten (a JSON field).
        scrubber=agreements_anonymise,
    ),
    Held(
        AgreementSignature,
        "agreement__placement__child",
        "placements.agreements.signatures",
        keep={
            "name": "the signer's name: a member of staff acting for their organisation",
            "role": "the signer's job title",
            "sha256": "a SHA-256 of what was signed: nothing personal",
        },
    ),
    Held(
        AgreementEvent,
        "agreement__placement__child",
        "placements.agreements.events",
        scrub=("reason",),
    ),
    Held(
        AgreementDownload,
        "agreement__placement__child",
        "placements.agreements.downloads",
        keep={"sha256": "a SHA-256 of the file downloaded: nothing personal"},
    ),
    Held(
        AgreementVariation,
        "agreement__placement__child",
        "placements.agreements.variations",
        scrub=("reason",),
    ),
    Held(
        VariationEvent,
        "variation__agreement__placement__child",
        "placements.agreements.variations.events",
        scrub=("reason",),
    ),
    Held(
        Invoice,
        "placement__child",
        "placements.invoices",
        keep={
            "number": "the provider's invoice number: nothing personal",
            "payment_reference": "finance's payment reference: nothing personal",
            "tolerance_used": "the consortium's tolerance, in words",
        },
    ),
    Held(
        InvoiceLine,
        "invoice__placement__child",
        "placements.invoices.lines",
        scrub=("description",),
        keep={"part": "the part of the fee (education, care...): a code"},
    ),
    Held(
        InvoiceEvent,
        "invoice__placement__child",
        "placements.invoices.events",
        scrub=("reason",),
    ),
    Held(OutcomeTarget, "placement__child", "placements.outcome_targets", scrub=("outcome",)),
    Held(TermlyReturn, "placement__child", "placements.termly_returns", scrub=("summary",)),
    Held(
        TargetScore,
        "termly_return__placement__child",
        "placements.termly_returns.scores",
        scrub=("evidence",),
    ),
    Held(
        ReturnEvent,
        "termly_return__placement__child",
        "placements.termly_returns.events",
        scrub=("reason",),
    ),
    Held(
        ChildAccessLog,
        "child",
        "access_log",
        keep={"what": "the page or action and a request or placement reference: nothing personal"},
    ),
)

# Text on the child's own row that anonymisation replaces (retention.anonymised_child_fields)
# or keeps, with why.
CHILD_TEXT = {
    "reference": "replaced by ANON-<row number>: the borough's case reference identifies",
    "name": "removed",
    "home_postcode": "removed: no figure uses it (distances are kept on the placements)",
    "sex": "kept: two values, as published in SEN2 and SSDA903 tables",
    "primary_need": "kept: benchmarking, demand and the extracts group by need",
    "legal_status": "kept: the SSDA903 legal status code of the placements extract",
}
