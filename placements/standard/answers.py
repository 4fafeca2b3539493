"""The Placements Data Standard's referral questions as people answer them: which fields are
asked (all but the pseudonym), their labels (the list's descriptions), the risk codes, and the
answers given as (question, answer) rows for pages and the subject access export."""

from __future__ import annotations

from .schema import REFERRAL_ENTITIES, fields_of

NO_RISK, RISK_PRESENT = "No known risk", "Risk Present"
NOT_ASKED = frozenset({"childId"})  # derived at export: a pseudonym, never typed in


def label_of(field: dict) -> str:
    return field["description"].rstrip(".")


def is_risk_code(entity: str, field: dict) -> bool:
    return entity == "Risks" and field.get("options") == [NO_RISK, RISK_PRESENT]


def questions() -> list[tuple[str, dict]]:
    """(entity, field) of every referral field a person answers, in the standard's order."""
    return [
        (entity, field)
        for entity in REFERRAL_ENTITIES
        for field in fields_of(entity)
        if field["name"] not in NOT_ASKED
    ]


def answered(standard: dict) -> list[tuple[str, str]]:
    """The answers given, as (question, answer) for a summary list, in the standard's order."""
    rows, present = [], []
    for entity, field in questions():
        value = (standard or {}).get(entity, {}).get(field["name"])
        if value is None:
            continue
        if is_risk_code(entity, field):
            if value == RISK_PRESENT:
                present.append(label_of(field))
            continue
        if isinstance(value, bool):
            value = "Yes" if value else "No"
        elif isinstance(value, list):
            value = ", ".join(value)
        rows.append((label_of(field), str(value)))
    if (standard or {}).get("Risks"):
        rows.append(("Risks present", "; ".join(present) or "No known risk"))
    return rows
