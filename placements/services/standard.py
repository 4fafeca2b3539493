"""Writes of the Placements Data Standard's answers on a request: their shape on every save, and
the import of a whole referral in the standard's JSON (every invalid field named at once)."""

from __future__ import annotations

from boroughs import policy
from boroughs.choices import StrandKind
from boroughs.models import User
from kernel.errors import DomainError, InvalidTransition

from ..choices import RequestStatus
from ..models import PlacementRequest
from ..standard.pseudonyms import child_id
from ..standard.schema import REFERRAL_ENTITIES, entities, problems
from .common import require_not_anonymised

MSG_NOT_CARE = "Only a care request takes a referral in the Placements Data Standard"
MSG_CHILD_ID = "This is not the childId of the request's child in the portal's exports"
MSG_INVALID = "The referral does not follow the Placements Data Standard"
MSG_NOT_DRAFT = "Only a draft request can be changed"


class StandardInvalid(DomainError):
    """A document the standard's schema refuses: `problems` names every field with its message."""

    def __init__(self, found: list[dict]):
        super().__init__(MSG_INVALID)
        self.problems = found


def require_standard_shape(standard) -> None:
    """Stored answers are the standard's entities and fields with the standard's values; a draft
    may leave required ones for later (the form and the import require them for care)."""
    if not isinstance(standard, dict):
        raise DomainError(MSG_INVALID, field="standard")
    found = []
    for entity, answers in standard.items():
        if entity not in REFERRAL_ENTITIES:
            found.append({"field": f"/{entity}", "message": "Not a referral entity"})
            continue
        missing = {f["name"] for f in entities()[entity]["fields"]} - set(answers or {})
        # Only the values given are checked: a draft may leave questions unanswered.
        found += [
            {**p, "field": f"/{entity}{p['field']}"}
            for p in problems(answers, entity)
            if p["field"].split("/")[1] not in missing
        ]
    if found:
        raise StandardInvalid(found)


def request_standard_import(
    *, actor: User, placement_request: PlacementRequest, document
) -> PlacementRequest:
    """Attach a referral in the standard's JSON to a draft care request, replacing its answers.

    Every invalid field is named (StandardInvalid); nothing is saved unless all are valid. The
    childId, when the portal made it, must be the request's child's pseudonym.
    """
    policy.require(actor, "placements.change_request", placement_request)
    if placement_request.strand.kind != StrandKind.CARE:
        raise DomainError(MSG_NOT_CARE)
    if placement_request.status != RequestStatus.DRAFT:
        raise InvalidTransition(MSG_NOT_DRAFT)
    found = problems(document, "Referral")
    if isinstance(document, dict):
        given = (document.get("PlacementAvailability") or {}).get("childId")
        if isinstance(given, int) and given != child_id(placement_request.child):
            found.append({"field": "/PlacementAvailability/childId", "message": MSG_CHILD_ID})
    if found:
        raise StandardInvalid(sorted(found, key=lambda p: p["field"]))
    require_not_anonymised(placement_request.child)
    answers = {entity: dict(document[entity]) for entity in REFERRAL_ENTITIES}
    answers["PlacementAvailability"].pop("childId", None)
    placement_request.standard = answers
    placement_request.save(update_fields=["standard"])
    return placement_request


def requests_anonymise(*, child_id: int, fields: tuple[str, ...], text: str) -> int:
    """The retention job's scrub of a child's requests: the free-text fields it names, and the
    standard's free-text answers (preferred location, other risks), which anyone may have
    written a name in; the standard's codes stay, as the figures are built from them. Answers
    how many requests were changed."""
    free_text = {
        f["name"]
        for e in REFERRAL_ENTITIES
        for f in entities()[e]["fields"]
        if f["type"] == "String"
    }
    changed = 0
    rows = PlacementRequest.objects.filter(child_id=child_id)
    for placement_request in rows:
        values = {name: text for name in fields if getattr(placement_request, name)}
        standard = placement_request.standard or {}
        for answers in standard.values():
            for key in free_text & set(answers):
                if answers[key]:
                    answers[key] = text
                    values["standard"] = standard
        if values:
            changed += rows.filter(pk=placement_request.pk).update(**values)
    return changed
