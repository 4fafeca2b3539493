"""The decision's record: the evaluation sheet as it stood, frozen in the decision's transaction."""

from __future__ import annotations

import hashlib
import json

from django.db import models

from boroughs.models import User

from ..models import EvaluationRecord, PlacementRequest, RequestInvitation


def sheet_digest(sheet: dict) -> str:
    """SHA-256 of the sheet in canonical JSON (sorted keys, no spaces)."""
    canonical = json.dumps(sheet, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def evaluation_freeze(
    *,
    actor: User,
    placement_request: PlacementRequest,
    sheet: dict,
    outcome: str,
    reason: str,
    winner: RequestInvitation | None = None,
    unrated_reason: str = "",
    safeguarding_reason: str = "",
) -> EvaluationRecord:
    """Write the one record of the decision; the caller's transaction holds it with the change."""
    return EvaluationRecord.objects.create(
        request=placement_request,
        outcome=outcome,
        winner=winner,
        reason=reason,
        unrated_reason=unrated_reason.strip(),
        safeguarding_reason=safeguarding_reason.strip(),
        sheet=sheet,
        digest=sheet_digest(sheet),
        decided_by=actor,
    )


# Text in each offer's row of the sheet that anyone may have written a child's details into.
SHEET_TEXT = ("conditions", "above_ceiling_reason")


def evaluation_records_anonymise(*, child_id: int, fields: tuple[str, ...], text: str) -> int:
    """The one change a frozen record takes: the retention job replacing free text written
    about the child (UK GDPR storage limitation outranks keeping the words). Scores, amounts,
    ratings, who decided and when stay; `digest` stays as it was, so a copy kept elsewhere can
    still be shown to be the record as decided. Answers how many records were anonymised."""
    records = list(EvaluationRecord.objects.filter(request__child_id=child_id))
    for record in records:
        sheet = record.sheet
        for row in sheet["rows"]:
            for name in SHEET_TEXT:
                if row.get(name):
                    row[name] = text
        sheet["anonymised"] = True
        values = {name: text for name in fields if getattr(record, name)}
        # Past the frozen queryset on purpose: this is the only sanctioned rewrite.
        models.QuerySet.update(EvaluationRecord.objects.filter(pk=record.pk), sheet=sheet, **values)
    return len(records)
