"""How the evaluation page and the evaluation record's PDF word the comparison of offers: each
line of the table (price against the ceiling and the budget, the needs-fit rating, the quality
score), the flags over each offer's column and the winning offer's row."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import dateformat, timezone

from ..templatetags.money import km, pounds


def against(difference: str | None, missing: str) -> str:
    """A weekly fee against a ceiling or budget, in words: "£130.50 under", "£20.00 over"."""
    if difference is None:
        return missing
    amount = Decimal(difference)
    if amount == 0:
        return "Exactly at it"
    return f"{pounds(abs(amount))} {'under' if amount < 0 else 'over'}"


def rating_text(row: dict) -> str:
    """The needs-fit rating with who gave it and when, or "Not rated"."""
    if row["needs_fit"] is None:
        return "Not rated"
    text = f"{row['needs_fit']} of 4"
    if row["needs_fit_by"]:
        text += f", by {row['needs_fit_by']}"
    if row["needs_fit_at"]:
        when = timezone.localtime(datetime.fromisoformat(row["needs_fit_at"]))
        text += f" on {dateformat.format(when, 'j F Y')}"
    return text


def quality_text(row: dict) -> str:
    if row["quality_score"] is None:
        return "Incomplete: no evidence yet"
    if row["quality_missing"]:
        return f"{row['quality_score']} (incomplete: without {', '.join(row['quality_missing'])})"
    return row["quality_score"]


def flags(row: dict) -> list[tuple[str, str]]:
    """Tags under an offer's column: what the commissioner must not miss (label, colour)."""
    tags = []
    if row["above_ceiling"]:
        tags.append(("Above ceiling", "govuk-tag--red"))
    if row["safeguarding_not_met"]:
        tags.append(("Safeguarding not met", "govuk-tag--red"))
    if row["quality_missing"]:
        tags.append(("Quality incomplete", "govuk-tag--yellow"))
    return tags


def comparison(sheet: dict) -> list[tuple[str, list[str], bool]]:
    """The lines of the side-by-side table: a label, one cell per offer, and whether the line
    is a part of the weekly fee (shown indented under it). Read from the sheet alone, so the
    live evaluation and the frozen record show the same lines."""
    rows = sheet["rows"]
    fee_parts = [
        (
            f"of which {line['label']}",
            [pounds(row["price_lines"][index]["amount"]) for row in rows],
        )
        for index, line in enumerate(rows[0]["price_lines"] if rows else [])
    ]
    lines = [
        ("Weekly fee", [pounds(row["weekly_fee"]) for row in rows]),
        *((label, values) for label, values in fee_parts),
        ("Weeks a year", [str(row["weeks_per_year"]) for row in rows]),
        ("Annual cost", [pounds(row["annual_cost"]) for row in rows]),
        (
            "Against the DPS ceiling, a week",
            [against(row["vs_ceiling"], "No ceiling") for row in rows],
        ),
        (
            "Why above the ceiling (provider)",
            [row["above_ceiling_reason"] or "" for row in rows],
        ),
        (
            "Against your budget, a week",
            [against(row["vs_budget"], "No budget set") for row in rows],
        ),
        ("Distance from home", [km(row["distance_km"]) for row in rows]),
        ("Ofsted", [row["parts"]["inspection"]["detail"] for row in rows]),
        ("Outcomes benchmark (progress)", [row["parts"]["outcomes"]["detail"] for row in rows]),
        (
            "Proposed start",
            [
                dateformat.format(date.fromisoformat(row["proposed_start_on"]), "j F Y")
                for row in rows
            ],
        ),
        ("Conditions", [row["conditions"] or "None" for row in rows]),
        ("Needs-fit rating", [rating_text(row) for row in rows]),
        ("Quality score, of 100", [quality_text(row) for row in rows]),
        ("Price score, of 100", [row["price_score"] for row in rows]),
    ]
    if not any(row["above_ceiling_reason"] for row in rows):
        lines = [line for line in lines if line[0] != "Why above the ceiling (provider)"]
    return [(label, cells, label.startswith("of which")) for label, cells in lines]


def winner_row(record) -> dict | None:
    """The winning offer's row of a frozen record (None for none suitable)."""
    if record is None or record.winner is None:
        return None
    winner = str(record.winner.public_id)
    return next((row for row in record.sheet["rows"] if row["invitation"] == winner), None)
