"""Everything held about one child, gathered once and written twice: JSON and a readable PDF.

`gather` reads the rows (about 20 queries whatever the child's history: each kind of row is one
prefetch); `write_json` and `write_pdf` render the same parts. The PDF is laid out by WeasyPrint
from `templates/dataprotection/pdf/subject_access.html`, tagged for screen readers.
"""

from __future__ import annotations

import json
import logging
import pathlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone

from placements.models import Child, ChildAccessLog

from .entries import Entry, Part, as_text, entry_json
from .people import People
from .placements import placements_part
from .requests import child_entry, requests_part

FORMAT_VERSION = 1
TEMPLATE = "dataprotection/pdf/subject_access.html"

Progress = Callable[[int, str], None]


@dataclass
class Document:
    child: Child
    about: Entry
    record: Entry
    parts: list[Part]

    def counts(self) -> dict[str, int]:
        return {part.key: len(part.entries) for part in self.parts}


def access_log_part(child: Child, people: People) -> Part:
    rows = (
        ChildAccessLog.objects.filter(child=child)
        .order_by("at", "pk")
        .values_list("at", "user_id", "what")
    )
    return Part(
        "access_log",
        "Who viewed the record",
        [
            Entry(
                title=what,
                values=[
                    ("at", "When", at),
                    ("who", "Who", people(user_id)),
                    ("what", "What", what),
                ],
            )
            for at, user_id, what in rows.iterator(chunk_size=2000)
        ],
        table=True,
    )


def _plain(value):
    """A version's value as the export writes it: a related row (the borough) by its name."""
    return str(value) if isinstance(value, models.Model) else value


def history_part(child: Child, people: People) -> Part | None:
    """Earlier versions of the record, from the audit trail (django-simple-history's
    `Child.history`) when it is installed; None until then."""
    history = getattr(Child, "history", None)
    if history is None:
        return None
    shown = [name for name, label, _ in child_entry(child).values if name != "id"]
    fields = {f.name for f in history.model._meta.concrete_fields}
    kinds = {"+": "Created", "~": "Changed", "-": "Deleted"}
    entries = []
    for version in history.filter(id=child.pk).order_by("history_date", "history_id"):
        values = [
            ("at", "When", version.history_date),
            ("change", "Change", kinds.get(version.history_type, version.history_type)),
            ("by", "By", people(version.history_user_id)),
        ]
        values += [
            (name, name.replace("_", " ").capitalize(), _plain(getattr(version, name)))
            for name in shown
            if name in fields
        ]
        entries.append(
            Entry(title=f"Version of {version.history_date:%d/%m/%Y %H:%M}", values=values)
        )
    return Part("record_history", "Earlier versions of the record", entries)


def gather(child: Child, *, actor, progress: Progress) -> Document:
    people = People()
    produced = timezone.now()
    about = Entry(
        title="About this export",
        values=[
            ("format_version", "Format version", FORMAT_VERSION),
            ("produced_at", "Produced", produced),
            ("produced_by", "Produced by", people(actor.pk)),
            ("controller", "Data controller", child.borough.name),
            ("service", "Service", settings.PORTAL_NAME),
        ],
    )
    progress(10, "Reading the record and its requests")
    parts = [requests_part(child, people)]
    progress(35, "Reading placements, fees and outcomes")
    parts.append(placements_part(child, people))
    progress(55, "Reading the access log")
    parts.append(access_log_part(child, people))
    history = history_part(child, people)
    if history is not None:
        parts.append(history)
    return Document(child=child, about=about, record=child_entry(child), parts=parts)


def write_json(document: Document, path: pathlib.Path) -> None:
    data = {"about": entry_json(document.about), "child": entry_json(document.record)}
    for part in document.parts:
        data[part.key] = [entry_json(entry) for entry in part.entries]
    with path.open("w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, indent=2)


# --- PDF -----------------------------------------------------------------------------------------


def blocks(part: Part, level: int) -> list[dict]:
    """The part as a flat list of blocks the template lays out in order: headings (h2 to h6),
    lists of labelled values, tables and "none" lines. Flat, so the template needs no recursion."""
    if part.table and part.entries:  # the table's caption is its heading
        columns = [label for _, label, _ in part.entries[0].values]
        rows = [[as_text(value) for _, _, value in entry.values] for entry in part.entries]
        return [{"kind": "table", "caption": part.heading, "columns": columns, "rows": rows}]
    out: list[dict] = [{"kind": "heading", "level": min(level, 6), "text": part.heading}]
    if not part.entries:
        return [*out, {"kind": "empty", "text": part.empty}]
    for entry in part.entries:
        if len(part.entries) > 1 or entry.title != part.heading:
            out.append({"kind": "heading", "level": min(level + 1, 6), "text": entry.title})
        out.append(
            {
                "kind": "values",
                "rows": [(label, as_text(value)) for _, label, value in entry.values],
            }
        )
        for inner in entry.parts:
            out += blocks(inner, level + 2)
    return out


def render_html(document: Document) -> str:
    return render_to_string(
        TEMPLATE,
        {
            "child": document.child,
            "about": [(label, as_text(value)) for _, label, value in document.about.values],
            "record": [(label, as_text(value)) for _, label, value in document.record.values],
            "blocks": [block for part in document.parts for block in blocks(part, 2)],
            "counts": document.counts(),
        },
    )


def write_pdf(document: Document, path: pathlib.Path) -> None:
    from weasyprint import HTML  # heavy: loaded by the worker that builds a PDF only

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    HTML(string=render_html(document), base_url=str(settings.BASE_DIR)).write_pdf(
        target=str(path), pdf_tags=True
    )
